package dev.silo.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.silo.server.it.Api;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise, tested the way it is broken: {@code kill -9} of a real server process
 * while it writes, then a restart on the same data directory. An acknowledged write must survive;
 * an unacknowledged one must leave nothing visible; an object is never a mix of two versions,
 * and its metadata (size, SHA-256, ETag, usage) agrees with its bytes.
 */
class DurabilityIT {
  private static final int MiB = 1 << 20;
  /** SILO_INLINE_MAX's default: bodies up to this size are rows of the metadata store, not files. */
  private static final int INLINE_MAX = 64 * 1024;
  private static final String KEY = "docs/file.bin";

  @TempDir Path tmp;
  SiloProcess silo;
  String apiKey;

  void start(TestInfo info) throws Exception {
    silo = new SiloProcess("DurabilityIT-" + info.getTestMethod().orElseThrow().getName(), tmp.resolve("data")).start();
    apiKey = silo.createTenant("acme");
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (silo != null) {
      silo.close();
    }
  }

  Api api() {
    return silo.as(apiKey);
  }

  RawHttp raw() {
    return new RawHttp(silo.url(), apiKey);
  }

  @Test
  void killDuringOverwriteKeepsThePreviousVersion(TestInfo info) throws Exception {
    start(info);
    byte[] v1 = GeneratedStream.bytes(1, MiB);
    var put = raw().put("/v1/objects/" + KEY, v1);
    assertThat(put.status()).isEqualTo(201);
    JsonNode v1Info = api().get("/v1/info/" + KEY).json();
    assertThat(v1Info.get("sha256").asText()).isEqualTo(GeneratedStream.sha256Hex(v1));

    Interrupted upload = uploadAndKillMidBody(KEY);
    assertThat(upload.partsSeen()).as("the kill hit while the body was being written").isNotEmpty();

    silo.start();
    assertThat(silo.partFiles()).as(".part files swept at start").isEmpty();
    var got = raw().get("/v1/objects/" + KEY);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.length()).isEqualTo(v1.length);
    assertThat(got.sha256()).isEqualTo(GeneratedStream.sha256Hex(v1));
    var head = raw().download("HEAD", "/v1/objects/" + KEY, Duration.ofSeconds(10));
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(MiB));
    assertThat(head.header("ETag")).isEqualTo("\"" + v1Info.get("etag").asText() + "\"");
    JsonNode after = api().get("/v1/info/" + KEY).json();
    assertThat(after.get("sha256").asText()).isEqualTo(v1Info.get("sha256").asText());
    assertThat(after.get("size").asLong()).isEqualTo(MiB);
    assertThat(after.get("updated_at").asText()).isEqualTo(v1Info.get("updated_at").asText());
    assertThat(listedKeys()).containsExactly(KEY);
    assertUsage(MiB, 1);
    // The interrupted version's blob never got past .part, so only v1's blob is on disk.
    assertThat(silo.finishedBlobs()).hasSize(1);
  }

  /**
   * Versioning: a kill during an overwrite in a versioned bucket leaves both earlier versions,
   * readable by id, and nothing of the interrupted one (no version, no usage, no blob).
   */
  @Test
  void killDuringAnOverwriteInAVersionedBucketKeepsEveryVersion(TestInfo info) throws Exception {
    start(info);
    assertThat(api().patch("/v1/buckets/acme", "{\"versioning\":\"enabled\"}").status()).isEqualTo(200);
    byte[] v1 = GeneratedStream.bytes(1, MiB);
    byte[] v2 = GeneratedStream.bytes(2, 100_000); // above SILO_INLINE_MAX: both versions are blob files
    assertThat(raw().put("/v1/objects/" + KEY, v1).status()).isEqualTo(201);
    String v1Id = api().get("/v1/info/" + KEY).json().get("version_id").asText();
    assertThat(raw().put("/v1/objects/" + KEY, v2).status()).isEqualTo(201);
    String v2Id = api().get("/v1/info/" + KEY).json().get("version_id").asText();

    Interrupted upload = uploadAndKillMidBody(KEY);
    assertThat(upload.partsSeen()).isNotEmpty();

    silo.start();
    assertThat(silo.partFiles()).isEmpty();
    assertThat(raw().get("/v1/objects/" + KEY).sha256()).isEqualTo(GeneratedStream.sha256Hex(v2));
    assertThat(raw().get("/v1/objects/" + KEY + "?version_id=" + v1Id).sha256()).isEqualTo(GeneratedStream.sha256Hex(v1));
    List<String> versions = new ArrayList<>();
    for (JsonNode v : api().get("/v1/versions").json().path("items")) {
      versions.add(v.path("version_id").asText() + (v.path("is_latest").asBoolean() ? " latest" : ""));
    }
    assertThat(versions).containsExactly(v2Id + " latest", v1Id);
    assertUsage(v1.length + v2.length, 2);
    assertThat(silo.finishedBlobs()).hasSize(2);
  }

  @Test
  void killDuringANewKeyLeavesNothing(TestInfo info) throws Exception {
    start(info);
    byte[] other = GeneratedStream.bytes(7, 1000);
    assertThat(raw().put("/v1/objects/docs/other.bin", other).status()).isEqualTo(201);

    Interrupted upload = uploadAndKillMidBody("docs/new.bin");
    assertThat(upload.partsSeen()).isNotEmpty();

    silo.start();
    assertThat(silo.partFiles()).isEmpty();
    assertThat(api().get("/v1/objects/docs/new.bin").status()).isEqualTo(404);
    assertThat(api().head("/v1/objects/docs/new.bin").status()).isEqualTo(404);
    assertThat(api().get("/v1/info/docs/new.bin").status()).isEqualTo(404);
    assertThat(listedKeys()).containsExactly("docs/other.bin");
    assertUsage(other.length, 1);
    assertThat(silo.finishedBlobs()).as("the other object is inline; nothing of the new one is left").isEmpty();
    // The key is free: a new upload to it works as a creation.
    assertThat(raw().put("/v1/objects/docs/new.bin", other).status()).isEqualTo(201);
  }

  @Test
  void acknowledgedWritesSurviveKill9(TestInfo info) throws Exception {
    start(info);
    Map<String, String> written = new ConcurrentHashMap<>();
    long totalBytes = 0;
    int blobFiles = 0; // the rest are inline
    for (int round = 0; round < 3; round++) {
      // A single write killed at once, then a burst of 20 with the kill right after the last 201.
      for (int i = 0; i < 21; i++) {
        int size = i == 0 ? 1 : ThreadLocalRandom.current().nextInt(1, 300 * 1024);
        long seed = round * 1000L + i;
        byte[] body = GeneratedStream.bytes(seed, size);
        String key = "r" + round + "/obj-" + i + ".bin";
        var put = raw().put("/v1/objects/" + key, body);
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        written.put(key, GeneratedStream.sha256Hex(body));
        totalBytes += size;
        blobFiles += size > INLINE_MAX ? 1 : 0;
        if (i == 0) {
          silo.kill9();
          silo.start();
        }
      }
      int exit = silo.kill9();
      assertThat(exit).as("exit value of a SIGKILLed JVM").isEqualTo(137);
      silo.start();
      for (var e : written.entrySet()) {
        var got = raw().get("/v1/objects/" + e.getKey());
        assertThat(got.status()).as(e.getKey()).isEqualTo(200);
        assertThat(got.sha256()).as(e.getKey()).isEqualTo(e.getValue());
      }
      assertThat(listedKeys()).hasSize(written.size()).containsExactlyInAnyOrderElementsOf(written.keySet());
      assertUsage(totalBytes, written.size());
      assertThat(silo.finishedBlobs()).hasSize(blobFiles);
      assertThat(silo.partFiles()).isEmpty();
    }
  }

  /**
   * Small objects are rows of the metadata store, committed in groups (one sync for many
   * writers): 8 writers PUT 4 KiB objects until the process is killed at a random moment. Every
   * acknowledged object is there, whole, after the restart; an unacknowledged one is there whole or
   * not at all; no blob file was ever written; usage agrees with the listing.
   */
  @Test
  void acknowledgedInlineWritesFromConcurrentWritersSurviveKill9(TestInfo info) throws Exception {
    start(info);
    int writers = 8;
    for (int round = 0; round < 2; round++) {
      Map<String, String> sent = new ConcurrentHashMap<>();
      Map<String, String> acked = new ConcurrentHashMap<>();
      java.util.concurrent.atomic.AtomicReference<String> failure = new java.util.concurrent.atomic.AtomicReference<>();
      List<Thread> threads = new ArrayList<>();
      int r = round;
      for (int w = 0; w < writers; w++) {
        int writer = w;
        RawHttp client = raw();
        threads.add(Thread.ofPlatform().name("inline-writer-" + w).start(() -> {
          for (int i = 0; failure.get() == null; i++) {
            String key = "inline/r" + r + "/w" + writer + "/" + i + ".bin";
            byte[] body = GeneratedStream.bytes(r * 1_000_000L + writer * 10_000L + i, 4096);
            sent.put(key, GeneratedStream.sha256Hex(body));
            try {
              var put = client.put("/v1/objects/" + key, body);
              if (put.status() != 201) {
                failure.set(key + " answered " + put.status() + " " + put.body());
                return;
              }
              acked.put(key, sent.get(key));
            } catch (IOException | InterruptedException e) {
              return; // the server is gone
            }
          }
        }));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (acked.size() < 50 && failure.get() == null && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(ThreadLocalRandom.current().nextInt(0, 500));
      silo.kill9();
      for (Thread t : threads) {
        t.join(60_000);
      }
      assertThat(failure.get()).as("every PUT before the kill succeeded").isNull();
      assertThat(acked).as("writes acknowledged before the kill").hasSizeGreaterThanOrEqualTo(50);
      Map<String, String> ackedAtKill = Map.copyOf(acked);
      System.out.printf("[inline round %d] %d PUTs sent, %d acknowledged before the kill%n", round, sent.size(), ackedAtKill.size());

      silo.start();
      for (var e : ackedAtKill.entrySet()) {
        var got = raw().get("/v1/objects/" + e.getKey());
        assertThat(got.status()).as(e.getKey()).isEqualTo(200);
        assertThat(got.sha256()).as(e.getKey()).isEqualTo(e.getValue());
      }
      List<String> listed = listedKeys().stream().filter(k -> k.startsWith("inline/r" + r + "/")).toList();
      assertThat(listed).containsAll(ackedAtKill.keySet());
      for (String key : listed) {
        if (!ackedAtKill.containsKey(key)) {
          assertThat(raw().get("/v1/objects/" + key).sha256()).as("unacknowledged but committed, whole: " + key).isEqualTo(sent.get(key));
        }
      }
      List<String> all = listedKeys();
      assertUsage(4096L * all.size(), all.size());
      assertThat(silo.finishedBlobs()).as("inline objects have no blob file").isEmpty();
      assertThat(silo.partFiles()).isEmpty();
    }
  }

  /**
   * A writer overwrites one key again and again while the process is killed at a random moment:
   * after the restart the object is the last acknowledged version or the one in flight, whole.
   */
  @Test
  void killDuringOverwriteLoopLeavesOneWholeVersion(TestInfo info) throws Exception {
    start(info);
    int rounds = Integer.getInteger("silo.it.overwriteRounds", 3);
    for (int round = 0; round < rounds; round++) {
      List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
      List<Integer> sizes = java.util.Collections.synchronizedList(new ArrayList<>());
      AtomicInteger lastAcked = new AtomicInteger(-1);
      java.util.concurrent.atomic.AtomicReference<Throwable> writerFailure = new java.util.concurrent.atomic.AtomicReference<>();
      RawHttp client = raw();
      int r = round;
      Thread writer =
          Thread.ofPlatform().name("overwriter-" + round).start(() -> {
            for (int v = 0; writerFailure.get() == null; v++) {
              int size = ThreadLocalRandom.current().nextInt(1, 4 * MiB);
              byte[] body = GeneratedStream.bytes(r * 1_000_000L + v, size);
              sent.add(GeneratedStream.sha256Hex(body));
              sizes.add(size);
              try {
                var put = client.put("/v1/objects/" + KEY, body);
                if (put.status() / 100 != 2) {
                  writerFailure.set(new AssertionError("PUT v" + v + " answered " + put.status() + " " + put.body()));
                  return;
                }
                lastAcked.set(v);
              } catch (IOException | InterruptedException e) {
                return; // the server is gone
              }
            }
          });
      // At least one acknowledged version, then a random moment.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (lastAcked.get() < 0 && writerFailure.get() == null && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(lastAcked.get()).isGreaterThanOrEqualTo(0);
      int killedAfter = ThreadLocalRandom.current().nextInt(0, 1500);
      Thread.sleep(killedAfter);
      silo.kill9();
      writer.join(60_000);
      assertThat(writer.isAlive()).isFalse();
      assertThat(writerFailure.get()).as("every PUT before the kill succeeded").isNull();
      int acked = lastAcked.get();
      System.out.printf("[overwrite round %d] %d PUTs sent, last acknowledged v%d, killed at %d ms%n",
          round, sent.size(), acked, killedAfter);

      silo.start();
      var got = raw().get("/v1/objects/" + KEY);
      assertThat(got.status()).isEqualTo(200);
      int version = sent.indexOf(got.sha256());
      assertThat(version)
          .as("the object is one of the versions sent, whole (round %d, last ack v%d of %d sent)", round, acked, sent.size())
          .isGreaterThanOrEqualTo(0);
      assertThat(version).as("not older than the last acknowledged version").isGreaterThanOrEqualTo(acked);
      System.out.printf("[overwrite round %d] after restart the object is v%d (%s)%n",
          round, version, version == acked ? "the last acknowledged" : "the unacknowledged one in flight, committed");
      assertThat(got.length()).isEqualTo((long) sizes.get(version));
      JsonNode meta = api().get("/v1/info/" + KEY).json();
      assertThat(meta.get("sha256").asText()).isEqualTo(got.sha256());
      assertThat(meta.get("size").asLong()).isEqualTo(got.length());
      assertThat(got.header("ETag")).isEqualTo("\"" + meta.get("etag").asText() + "\"");
      assertThat(got.header("Content-Length")).isEqualTo(Long.toString(got.length()));
      assertThat(listedKeys()).containsExactly(KEY);
      assertUsage(got.length(), 1);
      assertThat(silo.partFiles()).isEmpty();
    }
  }

  /**
   * TUS on the filesystem, encrypted (the default): each chunk is appended to the upload's blob as
   * a unit, so a kill -9 mid-chunk leaves a torn unit after the committed ones. After the restart
   * the upload is at its committed offset, the next chunk goes on from there, and the object is
   * exactly the bytes committed, in one blob.
   */
  @Test
  void killDuringATusChunkResumesFromTheCommittedOffset(TestInfo info) throws Exception {
    start(info);
    byte[] first = GeneratedStream.bytes(31, 8 * MiB);
    byte[] rest = GeneratedStream.bytes(32, 24 * MiB);
    long length = first.length + (long) rest.length;
    Api.Resp created = api().send("POST", "/v1/tus/", java.net.http.HttpRequest.BodyPublishers.noBody(),
        "Tus-Resumable", "1.0.0", "Upload-Length", Long.toString(length),
        "Upload-Metadata", "key " + java.util.Base64.getEncoder().encodeToString(KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String upload = java.net.URI.create(created.header("Location").orElseThrow()).getPath();
    assertThat(raw().patchAsync(upload, 0, new java.io.ByteArrayInputStream(first), first.length, Duration.ofMinutes(1))
        .get(1, TimeUnit.MINUTES).statusCode()).isEqualTo(204);
    long committed = silo.finishedBlobs().stream().mapToLong(DurabilityIT::size).sum();

    GeneratedStream stalled = new GeneratedStream(33, rest.length, 16L * MiB);
    CompletableFuture<HttpResponse<String>> interrupted = raw().patchAsync(upload, first.length, stalled, rest.length, Duration.ofMinutes(2));
    try {
      assertThat(stalled.awaitPaused(30, TimeUnit.SECONDS)).as("client sent 16 MiB").isTrue();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline && silo.finishedBlobs().stream().mapToLong(DurabilityIT::size).sum() < committed + 8L * MiB) {
        Thread.sleep(10);
      }
      assertThat(silo.finishedBlobs().stream().mapToLong(DurabilityIT::size).sum())
          .as("the chunk was being appended when the kill hit").isGreaterThanOrEqualTo(committed + 8L * MiB);
      silo.kill9();
    } finally {
      stalled.release();
    }
    assertThat(interrupted).failsWithin(Duration.ofSeconds(30));

    silo.start();
    Api.Resp head = api().send("HEAD", upload, java.net.http.HttpRequest.BodyPublishers.noBody(), "Tus-Resumable", "1.0.0");
    assertThat(head.header("Upload-Offset")).contains(Integer.toString(first.length));
    assertThat(api().get("/v1/info/" + KEY).status()).as("nothing published yet").isEqualTo(404);
    assertThat(raw().patchAsync(upload, first.length, new java.io.ByteArrayInputStream(rest), rest.length, Duration.ofMinutes(1))
        .get(1, TimeUnit.MINUTES).statusCode()).isEqualTo(204);

    var got = raw().get("/v1/objects/" + KEY);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.length()).isEqualTo(length);
    java.security.MessageDigest sha = GeneratedStream.sha256();
    sha.update(first);
    sha.update(rest);
    assertThat(got.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(sha.digest()));
    assertThat(api().get("/v1/info/" + KEY).json().get("size").asLong()).isEqualTo(length);
    assertUsage(length, 1);
    assertThat(silo.finishedBlobs()).as("the upload's blob is the object's").hasSize(1);
  }

  /**
   * S3 multipart on the filesystem: Complete makes the object of the parts' files, hard-linked as
   * its pieces beside a list of them. An acknowledged Complete survives kill -9 and the sweeps of
   * the next start, and the parts' own names are gone while the object's pieces stay.
   */
  @Test
  void anAcknowledgedMultipartObjectSurvivesKill9(TestInfo info) throws Exception {
    start(info);
    JsonNode cred = api().post("/v1/s3-credentials", "{\"description\":\"durability\"}").json();
    byte[][] parts = {GeneratedStream.bytes(41, 5 * MiB), GeneratedStream.bytes(42, 5 * MiB), GeneratedStream.bytes(43, MiB)};
    try (var s3 = dev.silo.server.s3.SdkClients.client(silo.s3Url(), cred.get("access_key_id").asText(), cred.get("secret_access_key").asText())) {
      String upload = s3.createMultipartUpload(b -> b.bucket("acme").key(KEY)).uploadId();
      List<software.amazon.awssdk.services.s3.model.CompletedPart> done = new ArrayList<>();
      for (int i = 0; i < parts.length; i++) {
        int number = i + 1;
        String etag = s3.uploadPart(b -> b.bucket("acme").key(KEY).uploadId(upload).partNumber(number),
            software.amazon.awssdk.core.sync.RequestBody.fromBytes(parts[i])).eTag();
        done.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(number).eTag(etag).build());
      }
      s3.completeMultipartUpload(b -> b.bucket("acme").key(KEY).uploadId(upload).multipartUpload(m -> m.parts(done)));
    }
    silo.kill9();
    silo.start();

    var got = raw().get("/v1/objects/" + KEY);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.length()).isEqualTo(11L * MiB);
    java.security.MessageDigest sha = GeneratedStream.sha256();
    for (byte[] part : parts) {
      sha.update(part);
    }
    assertThat(got.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(sha.digest()));
    assertUsage(11L * MiB, 1);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> names = blobNames();
    while (System.nanoTime() < deadline && names.stream().anyMatch(n -> !n.contains("."))) {
      Thread.sleep(50); // the parts' own names are reaped after Complete
      names = blobNames();
    }
    assertThat(names).as("the object's pieces and their list, the parts' own names gone")
        .hasSize(parts.length + 1).allMatch(n -> n.contains(".p") || n.endsWith(".pieces"));
  }

  private List<String> blobNames() throws IOException {
    return silo.finishedBlobs().stream().map(p -> p.getFileName().toString()).toList();
  }

  // ------------------------------------------------------------------ helpers

  record Interrupted(List<Path> partsSeen) {}

  /**
   * PUTs a 200 MiB body that stalls after 20 MiB, waits until the server has written a good part
   * of it into a {@code .part} file, and kills the server with SIGKILL.
   */
  private Interrupted uploadAndKillMidBody(String key) throws Exception {
    long declared = 200L * MiB;
    GeneratedStream body = new GeneratedStream(99, declared, 20L * MiB);
    CompletableFuture<HttpResponse<String>> response = raw().putAsync("/v1/objects/" + key, body, declared, Duration.ofMinutes(2));
    try {
      assertThat(body.awaitPaused(30, TimeUnit.SECONDS)).as("client sent 20 MiB").isTrue();
      List<Path> parts = List.of();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        parts = silo.partFiles();
        if (!parts.isEmpty() && size(parts.get(0)) >= 8L * MiB) {
          break;
        }
        Thread.sleep(10);
      }
      assertThat(parts).as("a .part file of at least 8 MiB under %s", silo.blobRoot()).isNotEmpty();
      assertThat(response).as("the upload has not completed").isNotDone();
      silo.kill9();
      assertThat(silo.partFiles()).as("the kill left the .part file").isNotEmpty();
      return new Interrupted(parts);
    } finally {
      body.release();
      try {
        HttpResponse<String> r = response.get(30, TimeUnit.SECONDS);
        throw new AssertionError("the interrupted upload was answered: " + r.statusCode() + " " + r.body());
      } catch (java.util.concurrent.ExecutionException expected) {
        // the connection died with the server
      }
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }

  private List<String> listedKeys() {
    List<String> keys = new ArrayList<>();
    String cursor = null;
    do {
      Api.Resp r = api().get("/v1/objects?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      r.json().get("items").forEach(i -> keys.add(i.get("key").asText()));
      JsonNode next = r.json().get("next_cursor");
      cursor = next == null || next.isNull() ? null : java.net.URLEncoder.encode(next.asText(), java.nio.charset.StandardCharsets.UTF_8);
    } while (cursor != null);
    return keys;
  }

  private void assertUsage(long bytes, long objects) {
    JsonNode usage = api().get("/v1/tenant").json().get("usage");
    assertThat(usage.get("bytes").asLong()).as("usage bytes").isEqualTo(bytes);
    assertThat(usage.get("objects").asLong()).as("usage objects").isEqualTo(objects);
  }
}
