package dev.silo.server.tus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import dev.silo.testkit.MovableClock;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TUS 1.0.0 and its extensions over real HTTP, edge cases included. */
class TusProtocolTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static Api a;
  static Api b;
  static Tus tusA;
  static Tus tusB;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("data"));
    a = silo.tenant("tus-a", "{\"max_upload_bytes\": 33554432}");
    b = silo.tenant("tus-b");
    tusA = new Tus(a);
    tusB = new Tus(b);
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  static byte[] bytes(int n, long seed) {
    byte[] out = new byte[n];
    new Random(seed).nextBytes(out);
    return out;
  }

  static String created(Api.Resp r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.header("Tus-Resumable")).contains("1.0.0");
    return r.header("Location").orElseThrow();
  }

  @Test
  void discoveryAdvertisesVersionExtensionsAndChecksums() {
    Api.Resp r = silo.anonymous().send("OPTIONS", "/v1/tus/", HttpRequest.BodyPublishers.noBody());
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("Tus-Version")).contains("1.0.0");
    assertThat(r.header("Tus-Resumable")).contains("1.0.0");
    assertThat(r.header("Tus-Max-Size")).isPresent();
    assertThat(r.header("Tus-Extension").orElseThrow())
        .contains("creation", "creation-with-upload", "creation-defer-length", "termination", "expiration", "checksum",
            "concatenation");
    assertThat(r.header("Tus-Checksum-Algorithm").orElseThrow()).contains("sha1", "sha256");
  }

  @Test
  void createHeadPatchInChunksPublishesAnOrdinaryObject() throws Exception {
    byte[] data = bytes(300_000, 1);
    String metadata = Tus.meta("filename", "a.bin", "filetype", "application/x-test", "key", "tus/chunks.bin") + ",is_draft";
    String loc = created(tusA.create(data.length, metadata));
    assertThat(loc).startsWith("/v1/tus/tus_");
    assertThat(tusA.head(loc).header("Upload-Offset")).contains("0");
    assertThat(tusA.head(loc).header("Upload-Metadata")).as("as the client sent it").contains(metadata);
    assertThat(tusA.head(loc).header("Upload-Length")).contains(Integer.toString(data.length));
    assertThat(a.get("/v1/objects/tus/chunks.bin").status()).as("nothing visible before the last byte").isEqualTo(404);
    Api.Resp p1 = tusA.patch(loc, 0, Arrays.copyOfRange(data, 0, 100_000));
    assertThat(p1.status()).isEqualTo(204);
    assertThat(p1.header("Upload-Offset")).contains("100000");
    assertThat(p1.header("Upload-Expires")).isPresent();
    assertThat(tusA.head(loc).header("Upload-Offset")).contains("100000");
    assertThat(a.get("/v1/objects/tus/chunks.bin").status()).isEqualTo(404);
    assertThat(tusA.patch(loc, 100_000, Arrays.copyOfRange(data, 100_000, data.length)).status()).isEqualTo(204);
    Api.Resp got = a.get("/v1/objects/tus/chunks.bin");
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.header("Content-Type")).contains("application/x-test");
    Api.Resp info = a.get("/v1/info/tus/chunks.bin");
    assertThat(info.json().path("sha256").asText()).isEqualTo(java.util.HexFormat.of().formatHex(sha256(data)));
    assertThat(info.json().path("size").asLong()).isEqualTo(data.length);
    assertThat(info.json().path("status").asText()).isEqualTo("ready");
    assertThat(a.get("/v1/objects?prefix=tus/").json().path("items").toString()).contains("tus/chunks.bin");
    assertThat(tusA.head(loc).header("Upload-Offset")).as("a finished upload still answers HEAD").contains(Integer.toString(data.length));
  }

  @Test
  void theLastByteEmitsUploadCompletedOnTheEventStream() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    var events = new java.util.concurrent.LinkedBlockingQueue<String>();
    var stream =
        http.sendAsync(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(silo.url() + "/v1/events?prefix=tus/events/"))
                .header("Authorization", "Bearer " + a.token())
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofLines());
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        stream.get().body().filter(l -> l.startsWith("data:")).forEach(events::add);
      } catch (Exception e) {
        // the stream ends when the test cancels it
      }
    });
    Thread.sleep(300); // the stream subscribes before the upload
    byte[] data = bytes(2_000, 7);
    String loc = created(tusA.create(data.length, Tus.meta("filename", "e.bin", "key", "tus/events/e.bin")));
    assertThat(tusA.patch(loc, 0, data).status()).isEqualTo(204);
    java.util.List<String> seen = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (seen.stream().noneMatch(e -> e.contains("\"upload.completed\"")) && System.nanoTime() < deadline) {
      String e = events.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
      if (e != null) {
        seen.add(e);
      }
    }
    stream.cancel(true);
    reader.interrupt();
    assertThat(seen).anySatisfy(e -> assertThat(e).contains("\"upload.completed\"").contains("tus/events/e.bin"));
    assertThat(seen).anySatisfy(e -> assertThat(e).contains("\"object.created\"").contains("tus/events/e.bin"));
  }

  @Test
  void withoutAKeyTheKeyIsComputedFromCategoryObjectIdAndFilename() {
    String loc = created(tusA.createWithUpload(5, Tus.meta("filename", "My Report.csv", "filetype", "text/csv", "category", "exports"), "a,b\n1".getBytes()));
    assertThat(tusA.head(loc).header("Upload-Offset")).contains("5");
    Api.Resp list = a.get("/v1/objects?prefix=exports/");
    var item = list.json().path("items").get(0);
    String key = item.path("key").asText();
    assertThat(key).matches("exports/obj_[a-z0-9]+/My_Report\\.csv");
    assertThat(key).contains(item.path("id").asText());
    assertThat(item.path("content_type").asText()).isEqualTo("text/csv");
  }

  @Test
  void creationWithUploadKeepsThePartialBody() {
    byte[] data = bytes(2000, 2);
    Api.Resp r = tusA.createWithUpload(data.length, Tus.meta("filename", "x", "key", "tus/cwu.bin"), Arrays.copyOf(data, 1200));
    String loc = created(r);
    assertThat(r.header("Upload-Offset")).contains("1200");
    assertThat(tusA.patch(loc, 1200, Arrays.copyOfRange(data, 1200, 2000)).status()).isEqualTo(204);
    assertThat(a.get("/v1/info/tus/cwu.bin").json().path("size").asLong()).isEqualTo(2000);
  }

  @Test
  void deferredLengthIsDeclaredByALaterPatch() {
    String loc = created(tusA.createDeferred(Tus.meta("filename", "d", "key", "tus/deferred.bin")));
    Api.Resp h = tusA.head(loc);
    assertThat(h.header("Upload-Defer-Length")).contains("1");
    assertThat(h.header("Upload-Length")).isEmpty();
    assertThat(tusA.patch(loc, 0, bytes(1000, 3)).status()).isEqualTo(204);
    assertThat(a.get("/v1/info/tus/deferred.bin").status()).isEqualTo(404);
    assertThat(tusA.patch(loc, 1000, bytes(500, 4), "Upload-Length", "1500").status()).isEqualTo(204);
    assertThat(a.get("/v1/info/tus/deferred.bin").json().path("size").asLong()).isEqualTo(1500);
  }

  @Test
  void aPatchAtTheWrongOffsetIs409() {
    String loc = created(tusA.create(100, Tus.meta("filename", "o", "key", "tus/offset.bin")));
    assertThat(tusA.patch(loc, 0, bytes(10, 5)).status()).isEqualTo(204);
    Api.Resp r = tusA.patch(loc, 0, bytes(10, 6));
    assertThat(r.status()).isEqualTo(409);
    assertThat(tusA.patch(loc, 50, bytes(10, 6)).status()).isEqualTo(409);
    assertThat(tusA.head(loc).header("Upload-Offset")).contains("10");
  }

  @Test
  void twoConcurrentPatchesAtTheSameOffsetOneWinsTheOther409() throws Exception {
    int size = 8 * 1024 * 1024;
    String loc = created(tusA.create(2L * size, Tus.meta("filename", "c", "key", "tus/concurrent.bin")));
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      // Expect: 100-continue, as a careful client would: the loser is refused before its body is
      // sent (a server that refuses a PATCH without reading 8 MiB of body must close the
      // connection, which a client that is still writing sees as a broken pipe, not as the 409)
      var http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
      Callable<Integer> send = () -> http.send(
          HttpRequest.newBuilder(java.net.URI.create(silo.url() + loc))
              .expectContinue(true)
              .header("Authorization", "Bearer " + a.token())
              .header("Tus-Resumable", "1.0.0")
              .header("Upload-Offset", "0")
              .header("Content-Type", "application/offset+octet-stream")
              .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes(size, 7)))
              .build(),
          java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
      List<Future<Integer>> results = List.of(pool.submit(send), pool.submit(send));
      List<Integer> statuses = List.of(results.get(0).get(), results.get(1).get());
      assertThat(statuses).containsExactlyInAnyOrder(204, 409);
    }
    assertThat(tusA.head(loc).header("Upload-Offset")).contains(Integer.toString(size));
  }

  @Test
  void aBodyPastTheDeclaredLengthIs413AndNothingIsVisible() {
    String loc = created(tusA.create(100, Tus.meta("filename", "l", "key", "tus/overlong.bin")));
    assertThat(tusA.patch(loc, 0, bytes(150, 8)).status()).isEqualTo(413);
    assertThat(tusA.head(loc).header("Upload-Offset")).contains("0");
    assertThat(a.get("/v1/objects/tus/overlong.bin").status()).isEqualTo(404);
    // chunked (no Content-Length): cut off while streaming, same outcome
    Api.Resp chunked = a.send("PATCH", loc,
        HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes(150, 9))),
        "Tus-Resumable", "1.0.0", "Upload-Offset", "0", "Content-Type", "application/offset+octet-stream");
    assertThat(chunked.status()).isEqualTo(413);
    assertThat(tusA.head(loc).header("Upload-Offset")).contains("0");
    assertThat(tusA.patch(loc, 0, bytes(100, 10)).status()).as("the upload is still usable").isEqualTo(204);
  }

  @Test
  void anUploadLengthOverTheTenantsLimitIs413AtCreation() {
    Api.Resp r = tusA.create(64L * 1024 * 1024, Tus.meta("filename", "big"));
    assertThat(r.status()).isEqualTo(413);
  }

  @Test
  void aChecksumMismatchIs460AndTheChunkIsDiscarded() throws Exception {
    byte[] data = bytes(4000, 11);
    String loc = created(tusA.create(data.length, Tus.meta("filename", "k", "key", "tus/checksum.bin")));
    byte[] first = Arrays.copyOf(data, 2000);
    Api.Resp bad = tusA.patch(loc, 0, first, "Upload-Checksum", "sha1 " + Tus.digest("SHA-1", bytes(2000, 12)));
    assertThat(bad.status()).isEqualTo(460);
    assertThat(tusA.head(loc).header("Upload-Offset")).contains("0");
    assertThat(tusA.patch(loc, 0, first, "Upload-Checksum", "sha1 " + Tus.digest("SHA-1", first)).status()).isEqualTo(204);
    byte[] second = Arrays.copyOfRange(data, 2000, 4000);
    assertThat(tusA.patch(loc, 2000, second, "Upload-Checksum", "sha256 " + Tus.digest("SHA-256", first)).status()).isEqualTo(460);
    assertThat(tusA.head(loc).header("Upload-Offset")).contains("2000");
    assertThat(tusA.patch(loc, 2000, second, "Upload-Checksum", "md5 AAAA").status()).isEqualTo(400);
    assertThat(tusA.patch(loc, 2000, second, "Upload-Checksum", "sha256 " + Tus.digest("SHA-256", second)).status()).isEqualTo(204);
    Api.Resp got = a.get("/v1/info/tus/checksum.bin");
    assertThat(got.json().path("sha256").asText())
        .isEqualTo(java.util.HexFormat.of().formatHex(sha256(data)));
  }

  @Test
  void terminationRemovesTheUpload() {
    String loc = created(tusA.create(100, Tus.meta("filename", "t", "key", "tus/terminated.bin")));
    assertThat(tusA.patch(loc, 0, bytes(50, 13)).status()).isEqualTo(204);
    assertThat(tusA.delete(loc).status()).isEqualTo(204);
    assertThat(tusA.head(loc).status()).isEqualTo(404);
    assertThat(tusA.patch(loc, 50, bytes(50, 14)).status()).isEqualTo(404);
    assertThat(a.get("/v1/objects/tus/terminated.bin").status()).isEqualTo(404);
  }

  @Test
  void withoutTusResumableItIs412() {
    String loc = created(tusA.create(10, Tus.meta("filename", "v")));
    Api.Resp r = a.send("HEAD", loc, HttpRequest.BodyPublishers.noBody());
    assertThat(r.status()).isEqualTo(412);
    assertThat(r.header("Tus-Version")).contains("1.0.0");
  }

  @Test
  void anotherTenantGets404OnHeadPatchAndDelete() {
    String loc = created(tusA.create(100, Tus.meta("filename", "i", "key", "tus/isolated.bin")));
    assertThat(tusA.patch(loc, 0, bytes(10, 15)).status()).isEqualTo(204);
    assertThat(tusB.head(loc).status()).isEqualTo(404);
    assertThat(tusB.patch(loc, 10, bytes(10, 16)).status()).isEqualTo(404);
    assertThat(tusB.delete(loc).status()).isEqualTo(404);
    assertThat(new Tus(silo.anonymous()).head(loc).status()).isEqualTo(401);
    assertThat(new Tus(silo.as("tus-a_sk_forged0000000000000000000000000000000000000")).head(loc).status()).isEqualTo(401);
    assertThat(tusA.head(loc).header("Upload-Offset")).as("untouched").contains("10");
    // and B cannot create an upload into A's key space: its upload lands in B's own bucket
    String locB = created(tusB.createWithUpload(3, Tus.meta("filename", "i", "key", "tus/isolated.bin"), "abc".getBytes()));
    assertThat(tusB.head(locB).header("Upload-Offset")).contains("3");
    assertThat(a.get("/v1/objects/tus/isolated.bin").status()).isEqualTo(404);
    assertThat(b.get("/v1/objects/tus/isolated.bin").body()).isEqualTo("abc");
  }

  @Test
  void aSignedUploadUrlAuthorizesCreatingAndResumingOneUploadOnly() {
    Api.Resp ticket = a.post("/v1/uploads", "{\"filename\":\"photo.jpg\",\"content_type\":\"image/jpeg\",\"size\":3000,\"category\":\"raw\",\"resumable\":true}");
    assertThat(ticket.status()).as(ticket.toString()).isEqualTo(201);
    String url = ticket.json().path("upload_url").asText();
    String key = ticket.json().path("key").asText();
    assertThat(url).startsWith(silo.url() + "/v1/tus/?token=");
    assertThat(key).matches("raw/" + ticket.json().path("object_id").asText() + "/photo\\.jpg");
    Tus browser = new Tus(silo.anonymous(), url);
    assertThat(browser.create(4000, Tus.meta("filename", "photo.jpg")).status()).as("announced size").isNotEqualTo(201);
    String loc = created(browser.create(3000, Tus.meta("filename", "photo.jpg", "key", "elsewhere.jpg")));
    assertThat(loc).contains("?token=");
    byte[] data = bytes(3000, 17);
    assertThat(browser.patch(loc, 0, Arrays.copyOf(data, 1000)).status()).isEqualTo(204);
    assertThat(browser.head(loc).header("Upload-Offset")).contains("1000");
    assertThat(browser.patch(loc, 1000, Arrays.copyOfRange(data, 1000, 3000)).status()).isEqualTo(204);
    Api.Resp info = a.get("/v1/info/" + key);
    assertThat(info.status()).isEqualTo(200);
    assertThat(info.json().path("id").asText()).isEqualTo(ticket.json().path("object_id").asText());
    assertThat(info.json().path("content_type").asText()).isEqualTo("image/jpeg");
    assertThat(a.get("/v1/info/elsewhere.jpg").status()).as("the token pins the key").isEqualTo(404);
    // the token names one upload: another upload's id with it is refused
    String other = created(tusA.create(10, Tus.meta("filename", "o")));
    String token = loc.substring(loc.indexOf("?token="));
    assertThat(browser.head(other + token).status()).isEqualTo(403);
    String tampered = loc.substring(0, loc.length() - 3) + (loc.endsWith("AAA") ? "BBB" : "AAA");
    assertThat(browser.head(tampered).status()).isEqualTo(403);
  }

  /**
   * An upload's announced length is reserved against the quota from its creation (pending_bytes
   * of GET /v1/tenant): an ordinary upload that would take that room while the chunks arrive is
   * refused with 413, and the TUS upload publishes; its bytes then count as usage.
   */
  @Test
  void theAnnouncedLengthIsHeldSoAnotherUploadCannotTakeTheRoom() throws Exception {
    int mib = 1024 * 1024;
    Api t = silo.tenant("tus-quota-race", "{\"max_bytes\": " + 30 * mib + "}");
    Tus tus = new Tus(t);
    byte[] data = bytes(20 * mib, 51);
    String loc = created(tus.create(data.length, Tus.meta("filename", "r", "key", "tus/race.bin")));
    assertThat(t.get("/v1/tenant").json().path("usage").path("pending_bytes").asLong()).isEqualTo(20L * mib);
    assertThat(tus.patch(loc, 0, Arrays.copyOf(data, 9 * mib)).status()).isEqualTo(204);
    assertThat(t.put("/v1/objects/other.bin", bytes(15 * mib, 52)).status()).isEqualTo(413);
    assertThat(t.put("/v1/objects/small.bin", bytes(mib, 53)).status()).as("what is left still fits").isEqualTo(201);
    assertThat(tus.patch(loc, 9 * mib, Arrays.copyOfRange(data, 9 * mib, data.length)).status()).isEqualTo(204);
    assertThat(t.get("/v1/info/tus/race.bin").json().path("sha256").asText())
        .isEqualTo(java.util.HexFormat.of().formatHex(sha256(data)));
    var usage = t.get("/v1/tenant").json().path("usage");
    assertThat(usage.path("pending_bytes").asLong()).isZero();
    assertThat(usage.path("bytes").asLong()).isEqualTo(21L * mib);
  }

  /**
   * Concatenation: three partial uploads (one sent with its creation, one in two chunks, one
   * empty) become one object through a final upload naming them by absolute URL and by path; the
   * partial uploads are never objects, are consumed, and their quota reservations become the
   * object's usage.
   */
  @Test
  void partialUploadsConcatenateIntoOneObject() throws Exception {
    Api t = silo.tenant("tus-concat");
    Tus tus = new Tus(t);
    byte[] first = bytes(70_000, 61);
    byte[] second = bytes(130_000, 62);
    String p1 = created(tus.createPartial(first.length, first));
    String p2 = created(tus.createPartial(second.length, new byte[0]));
    String p3 = created(tus.createPartial(0, new byte[0]));
    assertThat(tus.head(p1).header("Upload-Concat")).contains("partial");
    assertThat(tus.head(p1).header("Upload-Metadata")).as("none was sent").isEmpty();
    assertThat(tus.head(p1).header("Upload-Offset")).contains("70000");
    assertThat(tus.patch(p2, 0, Arrays.copyOf(second, 50_000)).status()).isEqualTo(204);
    assertThat(tus.patch(p2, 50_000, Arrays.copyOfRange(second, 50_000, second.length)).status()).isEqualTo(204);
    assertThat(t.get("/v1/objects").json().path("items")).as("a partial upload is no object").isEmpty();
    assertThat(t.get("/v1/tenant").json().path("usage").path("pending_bytes").asLong()).isEqualTo(200_000);

    Api.Resp whole = tus.createFinal(Tus.meta("filename", "w.bin", "filetype", "application/x-whole", "key", "tus/whole.bin"),
        silo.url() + p1, p3, p2);
    String fin = created(whole);
    assertThat(whole.header("Upload-Offset")).contains("200000");
    byte[] expected = new byte[200_000];
    System.arraycopy(first, 0, expected, 0, first.length);
    System.arraycopy(second, 0, expected, first.length, second.length);
    assertThat(TusJsClient.sha256Of(silo.url() + "/v1/objects/tus/whole.bin", t.token())).as("the bytes served")
        .isEqualTo(java.util.HexFormat.of().formatHex(sha256(expected)));
    Api.Resp served = t.head("/v1/objects/tus/whole.bin");
    assertThat(served.header("Content-Type")).contains("application/x-whole");
    // named as an object uploaded in parts is, from what the partial uploads recorded: nothing read
    assertThat(served.header("ETag")).contains("\"" + composite("MD5", first, second) + "\"");
    assertThat(t.get("/v1/info/tus/whole.bin").json().path("sha256").asText()).isEqualTo(composite("SHA-256", first, second));
    // and over S3 it is an object of two parts, the partial uploads' bytes
    var cred = t.post("/v1/s3-credentials", "{\"description\":\"parts\"}").json();
    try (var s3 = dev.silo.server.s3.SdkClients.client(
        silo.s3Url(), cred.path("access_key_id").asText(), cred.path("secret_access_key").asText())) {
      var part2 = s3.getObjectAsBytes(b -> b.bucket("tus-concat").key("tus/whole.bin").partNumber(2));
      assertThat(part2.response().partsCount()).isEqualTo(2);
      assertThat(part2.asByteArray()).as("part 2: the second partial upload").isEqualTo(second);
    }
    Api.Resp head = tus.head(fin);
    assertThat(head.header("Upload-Concat")).contains("final;" + p1 + " " + p3 + " " + p2);
    assertThat(head.header("Upload-Metadata")).contains(Tus.meta("filename", "w.bin", "filetype", "application/x-whole", "key", "tus/whole.bin"));
    assertThat(head.header("Upload-Offset")).contains("200000");
    assertThat(head.header("Upload-Length")).contains("200000");
    assertThat(tus.patch(fin, 200_000, bytes(10, 63)).status()).as("a final upload takes no PATCH").isEqualTo(403);
    for (String p : List.of(p1, p2, p3)) {
      assertThat(tus.head(p).status()).as("consumed by the final upload").isEqualTo(404);
    }
    var usage = t.get("/v1/tenant").json().path("usage");
    assertThat(usage.path("pending_bytes").asLong()).isZero();
    assertThat(usage.path("bytes").asLong()).isEqualTo(200_000);
    assertThat(t.get("/v1/objects").json().path("items")).hasSize(1);

    String nothing = created(tus.createPartial(0, new byte[0]));
    created(tus.createFinal(Tus.meta("filename", "e.bin", "key", "tus/empty.bin"), nothing));
    Api.Resp empty = t.get("/v1/info/tus/empty.bin");
    assertThat(empty.json().path("size").asLong()).as("a final upload of nothing").isZero();
    assertThat(empty.json().path("sha256").asText()).isEqualTo(java.util.HexFormat.of().formatHex(sha256(new byte[0])));
  }

  /**
   * A final upload that names an unfinished partial upload, an upload that is not partial, one
   * twice, another tenant's, or that brings its own length or bytes is refused and changes
   * nothing: the partial uploads it named still make an object afterwards.
   */
  @Test
  void aFinalUploadOfTheWrongUploadsIsRefusedAndChangesNothing() {
    Api t = silo.tenant("tus-concat-bad");
    Tus tus = new Tus(t);
    Api other = silo.tenant("tus-concat-other");
    String done = created(tus.createPartial(10, bytes(10, 64)));
    String open = created(tus.createPartial(10, bytes(4, 65)));
    String plain = created(tus.create(10, Tus.meta("filename", "p", "key", "tus/plain.bin")));
    String foreign = created(new Tus(other).createPartial(3, bytes(3, 66)));
    String meta = Tus.meta("filename", "x", "key", "tus/concat-bad.bin");
    assertThat(tus.createFinal(meta, done, open).json().path("error").path("code").asText()).isEqualTo("partial_unfinished");
    assertThat(tus.createFinal(meta, done, plain).json().path("error").path("code").asText()).isEqualTo("invalid_concat");
    assertThat(tus.createFinal(meta, done, done).json().path("error").path("code").asText()).isEqualTo("invalid_concat");
    assertThat(tus.createFinal(meta, done, foreign).status()).as("another tenant's upload does not exist").isEqualTo(404);
    assertThat(tus.createFinal(meta, done, "/v1/tus/tus_nosuchupload").status()).isEqualTo(404);
    Api.Resp withLength = t.send("POST", "/v1/tus/", HttpRequest.BodyPublishers.noBody(),
        "Tus-Resumable", Tus.V, "Upload-Concat", "final;" + done, "Upload-Length", "10", "Upload-Metadata", meta);
    assertThat(withLength.status()).isEqualTo(400);
    Api.Resp bad = t.send("POST", "/v1/tus/", HttpRequest.BodyPublishers.noBody(),
        "Tus-Resumable", Tus.V, "Upload-Concat", "whole;" + done);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(t.get("/v1/objects/tus/concat-bad.bin").status()).isEqualTo(404);

    assertThat(tus.patch(open, 4, bytes(6, 67)).status()).isEqualTo(204);
    assertThat(created(tus.createFinal(meta, done, open))).startsWith("/v1/tus/tus_");
    assertThat(t.get("/v1/info/tus/concat-bad.bin").json().path("size").asLong()).isEqualTo(20);
  }

  /**
   * An upload token makes its reserved upload of partial uploads: they are its (another partial
   * upload of the tenant is not), they hold no more than the announced size and the room once,
   * and the final upload must add up to that size; the object is the reservation's.
   */
  @Test
  void anUploadTokenMakesItsUploadOfPartialOnes() throws Exception {
    Api t = silo.tenant("tus-concat-token");
    Api.Resp ticket = t.post("/v1/uploads", "{\"filename\":\"t.bin\",\"content_type\":\"application/x-ticket\",\"size\":300,\"resumable\":true}");
    assertThat(ticket.status()).as(ticket.toString()).isEqualTo(201);
    String key = ticket.json().path("key").asText();
    Tus browser = new Tus(silo.anonymous(), ticket.json().path("upload_url").asText());
    byte[] data = bytes(300, 74);
    String p1 = created(browser.createPartial(100, Arrays.copyOf(data, 100)));
    assertThat(p1).contains("?token=");
    String spare = created(browser.createPartial(200, new byte[0]));
    assertThat(browser.createPartial(1, new byte[0]).status()).as("the announced 300 are all held").isEqualTo(413);
    assertThat(browser.delete(spare).status()).as("a partial upload given up gives its room back").isEqualTo(204);
    assertThat(browser.createPartial(250, new byte[0]).status()).as("past the announced size").isEqualTo(413);
    String p2 = created(browser.createPartial(200, Arrays.copyOfRange(data, 100, 150)));
    assertThat(t.get("/v1/tenant").json().path("usage").path("pending_bytes").asLong()).as("held once").isEqualTo(300);
    String token = p1.substring(p1.indexOf("?token="));
    String theirs = created(new Tus(t).createPartial(5, bytes(5, 75)));
    assertThat(browser.head(theirs + token).status()).as("a partial upload not made for the token").isEqualTo(403);
    assertThat(browser.createFinal("", p1, theirs + token).status()).isEqualTo(403);
    assertThat(browser.createFinal("", p1, p2).json().path("error").path("code").asText()).isEqualTo("partial_unfinished");
    assertThat(browser.patch(p2, 50, Arrays.copyOfRange(data, 150, 300)).status()).isEqualTo(204);
    assertThat(browser.createFinal("", p1).json().path("error").path("code").asText()).isEqualTo("length_mismatch");

    Api.Resp whole = browser.createFinal(Tus.meta("key", "elsewhere.bin"), p1, p2);
    String fin = created(whole);
    assertThat(fin).contains("?token=");
    assertThat(browser.head(fin).header("Upload-Offset")).contains("300");
    Api.Resp info = t.get("/v1/info/" + key);
    assertThat(info.json().path("sha256").asText())
        .isEqualTo(composite("SHA-256", Arrays.copyOf(data, 100), Arrays.copyOfRange(data, 100, 300)));
    assertThat(info.json().path("id").asText()).isEqualTo(ticket.json().path("object_id").asText());
    assertThat(info.json().path("content_type").asText()).isEqualTo("application/x-ticket");
    assertThat(t.get("/v1/info/elsewhere.bin").status()).as("the token pins the key").isEqualTo(404);
    assertThat(browser.createPartial(10, new byte[0]).status()).as("the reserved upload is made").isEqualTo(409);
    var usage = t.get("/v1/tenant").json().path("usage");
    assertThat(usage.path("bytes").asLong()).isEqualTo(300);
    assertThat(usage.path("pending_bytes").asLong()).as("the tenant's own partial upload").isEqualTo(5);
  }

  /** Two final uploads naming the same partial uploads at once: one object, its bytes counted once. */
  @Test
  void twoFinalUploadsOfTheSamePartialsOneWins() throws Exception {
    Api t = silo.tenant("tus-concat-race", "{\"max_buckets\": 1}");
    Tus tus = new Tus(t);
    for (int round = 0; round < 5; round++) {
      String p1 = created(tus.createPartial(1000, bytes(1000, 80 + round)));
      String p2 = created(tus.createPartial(2000, bytes(2000, 90 + round)));
      String key = "tus/race-" + round + ".bin";
      try (var pool = Executors.newFixedThreadPool(2)) {
        Callable<Api.Resp> fin = () -> tus.createFinal(Tus.meta("filename", "r", "key", key), p1, p2);
        List<Future<Api.Resp>> both = List.of(pool.submit(fin), pool.submit(fin));
        List<Integer> statuses = new java.util.ArrayList<>();
        for (Future<Api.Resp> f : both) {
          statuses.add(f.get().status());
        }
        assertThat(statuses).as("round %d", round).containsOnlyOnce(201);
        assertThat(statuses).as("round %d: the loser finds the partial uploads taken", round).containsAnyOf(404, 409);
      }
      assertThat(t.get("/v1/info/" + key).json().path("size").asLong()).isEqualTo(3000);
    }
    var usage = t.get("/v1/tenant").json().path("usage");
    assertThat(usage.path("bytes").asLong()).isEqualTo(5 * 3000);
    assertThat(usage.path("pending_bytes").asLong()).isZero();
  }

  /** The partial uploads' reservations become the whole's: no room is counted twice, none is freed early. */
  @Test
  void partialUploadsHoldTheirRoomAndTheFinalUploadKeepsIt() {
    Api t = silo.tenant("tus-concat-quota", "{\"max_bytes\": 100000}");
    Tus tus = new Tus(t);
    String p1 = created(tus.createPartial(40_000, bytes(40_000, 68)));
    String p2 = created(tus.createPartial(40_000, bytes(10_000, 69)));
    assertThat(tus.createPartial(30_000, new byte[0]).status()).as("80,000 of 100,000 are held").isEqualTo(413);
    assertThat(t.put("/v1/objects/other.bin", bytes(30_000, 70)).status()).isEqualTo(413);
    assertThat(tus.patch(p2, 10_000, bytes(30_000, 71)).status()).isEqualTo(204);
    created(tus.createFinal(Tus.meta("filename", "q", "key", "tus/quota.bin"), p1, p2));
    var usage = t.get("/v1/tenant").json().path("usage");
    assertThat(usage.path("bytes").asLong()).isEqualTo(80_000);
    assertThat(usage.path("pending_bytes").asLong()).isZero();
    assertThat(t.put("/v1/objects/fits.bin", bytes(20_000, 72)).status()).isEqualTo(201);
    assertThat(t.put("/v1/objects/over.bin", bytes(1, 73)).status()).isEqualTo(413);
  }

  /** S3's name of an object of these parts: the digest of their digests, dash, how many. */
  static String composite(String algorithm, byte[]... parts) throws Exception {
    java.security.MessageDigest whole = java.security.MessageDigest.getInstance(algorithm);
    for (byte[] part : parts) {
      whole.update(java.security.MessageDigest.getInstance(algorithm).digest(part));
    }
    return java.util.HexFormat.of().formatHex(whole.digest()) + "-" + parts.length;
  }

  static byte[] sha256(byte[] data) throws Exception {
    return java.security.MessageDigest.getInstance("SHA-256").digest(data);
  }

  /** Uploads expire {@code SILO_TUS_EXPIRY} after creation: the test moves the server's clock past it. */
  @Test
  void expiredUploadsAreSweptWithTheirBytes() throws Exception {
    MovableClock clock = MovableClock.system();
    try (TestSilo short_ = TestSilo.start(dir.resolve("expiring"), Map.of("SILO_TUS_EXPIRY", "1h", "SILO_SWEEP_INTERVAL", "1s"), clock)) {
      Api t = short_.tenant("tus-exp");
      Tus tus = new Tus(t);
      String done = created(tus.createWithUpload(5, Tus.meta("filename", "f", "key", "tus/finished.bin"), "hello".getBytes()));
      assertThat(tus.head(done).header("Upload-Offset")).contains("5");
      String loc = created(tus.create(100, Tus.meta("filename", "e", "key", "tus/expiring.bin")));
      assertThat(tus.patch(loc, 0, bytes(40, 18)).status()).isEqualTo(204);
      String partial = created(tus.createPartial(30, bytes(30, 20)));
      assertThat(short_.awaitBlobs("tus-exp", 3)).as("the object's blob, the unfinished bytes, the partial upload's").hasSize(3);
      clock.ahead = java.time.Duration.ofMinutes(61);
      assertThat(tus.head(loc).status()).isEqualTo(404);
      assertThat(tus.head(partial).status()).as("a partial upload no final upload took").isEqualTo(404);
      assertThat(tus.head(done).status()).isEqualTo(404);
      assertThat(short_.awaitBlobs("tus-exp", 1)).as("the partial bytes are deleted by the sweeper").hasSize(1);
      assertThat(tus.patch(loc, 40, bytes(60, 19)).status()).isEqualTo(404);
      assertThat(t.get("/v1/objects/tus/finished.bin").body()).as("a finished upload's object outlives it").isEqualTo("hello");
    }
  }
}
