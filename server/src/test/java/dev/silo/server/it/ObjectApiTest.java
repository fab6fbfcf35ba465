package dev.silo.server.it;

import static dev.silo.server.it.Checks.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object API of REST v1 as a client sees it, over real HTTP. */
class ObjectApiTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static Api t;
  static Api anon;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("data"));
    t = silo.tenant("objects-api");
    anon = silo.anonymous();
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  static String path(String key) {
    StringBuilder sb = new StringBuilder();
    for (String segment : key.split("/", -1)) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return sb.toString();
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  static String httpDate(ZonedDateTime t) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(t.withZoneSameInstant(ZoneOffset.UTC));
  }

  // ---------------------------------------------------------- conditionals

  @Test
  void conditionalReadsAndWrites() {
    Api.Resp put = t.put("/v1/objects/cond.txt", "hello conditional", "Content-Type", "text/plain");
    assertThat(put.status()).isEqualTo(201);
    String etag = put.header("ETag").orElseThrow();
    assertThat(etag).isEqualTo("\"" + put.json().path("etag").asText() + "\"");

    Api.Resp notModified = t.get("/v1/objects/cond.txt", "If-None-Match", etag);
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertThat(notModified.header("ETag")).hasValue(etag);
    assertThat(notModified.header("X-Request-Id")).isPresent();
    assertThat(t.get("/v1/objects/cond.txt", "If-None-Match", "W/" + etag).status()).isEqualTo(304);
    assertThat(t.get("/v1/objects/cond.txt", "If-None-Match", "\"other\", " + etag).status()).isEqualTo(304);
    assertThat(t.head("/v1/objects/cond.txt", "If-None-Match", etag).status()).isEqualTo(304);
    Api.Resp changed = t.get("/v1/objects/cond.txt", "If-None-Match", "\"other\"");
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.body()).isEqualTo("hello conditional");

    assertError(t.get("/v1/objects/cond.txt", "If-Match", "\"wrong\""), 412, "precondition_failed");
    assertThat(t.get("/v1/objects/cond.txt", "If-Match", etag).status()).isEqualTo(200);

    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    Api.Resp future = t.get("/v1/objects/cond.txt", "If-Modified-Since", httpDate(now.plusDays(1)));
    assertThat(future.status()).isEqualTo(304);
    assertThat(future.body()).isEmpty();
    assertThat(t.get("/v1/objects/cond.txt", "If-Modified-Since", httpDate(now.minusDays(1))).status()).isEqualTo(200);
    assertThat(t.get("/v1/objects/cond.txt", "If-Modified-Since", put.header("Last-Modified").orElse(
        t.head("/v1/objects/cond.txt").header("Last-Modified").orElseThrow())).status()).isEqualTo(304);
    assertError(t.get("/v1/objects/cond.txt", "If-Unmodified-Since", httpDate(now.minusDays(1))), 412, "precondition_failed");

    // create-only
    assertError(t.put("/v1/objects/cond.txt", "clobbered", "Content-Type", "text/plain", "If-None-Match", "*"), 412, "precondition_failed");
    Api.Resp still = t.get("/v1/objects/cond.txt");
    assertThat(still.body()).isEqualTo("hello conditional");
    assertThat(still.header("ETag")).hasValue(etag);
    assertThat(t.put("/v1/objects/cond-new.txt", "fresh", "Content-Type", "text/plain", "If-None-Match", "*").status()).isEqualTo(201);

    // compare-and-swap
    Api.Resp swapped = t.put("/v1/objects/cond.txt", "hello again", "Content-Type", "text/plain", "If-Match", etag);
    assertThat(swapped.status()).isEqualTo(200);
    String etag2 = swapped.header("ETag").orElseThrow();
    assertThat(etag2).isNotEqualTo(etag);
    assertError(t.put("/v1/objects/cond.txt", "lost update", "Content-Type", "text/plain", "If-Match", etag), 412, "precondition_failed");
    assertThat(t.get("/v1/objects/cond.txt").body()).isEqualTo("hello again");
    assertError(t.put("/v1/objects/cond-missing.txt", "x", "Content-Type", "text/plain", "If-Match", etag2), 404, "object_not_found");
    assertError(t.get("/v1/objects/cond-missing.txt"), 404, "object_not_found");

    assertError(t.delete("/v1/objects/cond.txt", "If-Match", etag), 412, "precondition_failed");
    assertThat(t.delete("/v1/objects/cond.txt", "If-Match", etag2).status()).isEqualTo(204);
    assertThat(t.delete("/v1/objects/cond-new.txt").status()).isEqualTo(204);
  }

  // ----------------------------------------------------------------- Range

  @Test
  void rangesServePartialContent() {
    assertThat(t.put("/v1/objects/range.txt", "0123456789abcdef", "Content-Type", "text/plain").status()).isEqualTo(201);
    record Case(String range, String body, String contentRange) {}
    for (Case c :
        List.of(
            new Case("bytes=0-0", "0", "bytes 0-0/16"),
            new Case("bytes=-3", "def", "bytes 13-15/16"),
            new Case("bytes=3-", "3456789abcdef", "bytes 3-15/16"),
            new Case("bytes=2-5", "2345", "bytes 2-5/16"),
            new Case("bytes=10-100", "abcdef", "bytes 10-15/16"),
            new Case("bytes=-100", "0123456789abcdef", "bytes 0-15/16"),
            new Case("bytes=15-15", "f", "bytes 15-15/16"))) {
      Api.Resp r = t.get("/v1/objects/range.txt", "Range", c.range());
      assertThat(r.status()).as(c.range()).isEqualTo(206);
      assertThat(r.body()).as(c.range()).isEqualTo(c.body());
      assertThat(r.header("Content-Range")).as(c.range()).hasValue(c.contentRange());
      assertThat(r.header("Content-Length")).as(c.range()).hasValue(Integer.toString(c.body().length()));
    }
    Api.Resp full = t.get("/v1/objects/range.txt");
    assertThat(full.header("Accept-Ranges")).hasValue("bytes");
    assertThat(full.header("Content-Range")).isEmpty();
    assertThat(t.get("/v1/objects/range.txt", "Range", "bytes=0-3", "If-None-Match", full.header("ETag").orElseThrow()).status())
        .isEqualTo(304);
  }

  @Test
  void headHasTheHeadersButNoBody() {
    assertThat(t.put("/v1/objects/head.txt", "twelve bytes", "Content-Type", "text/plain; charset=utf-8",
        "X-Silo-Meta-Color", "blue").status()).isEqualTo(201);
    Api.Resp get = t.get("/v1/objects/head.txt");
    Api.Resp head = t.head("/v1/objects/head.txt");
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.header("Content-Length")).hasValue("12");
    for (String h : List.of("ETag", "Last-Modified", "Content-Type", "X-Silo-Meta-Color", "X-Silo-Object-Id", "Accept-Ranges")) {
      assertThat(head.header(h)).as(h).isPresent().isEqualTo(get.header(h));
    }
    assertThat(head.header("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(get.header("X-Content-Type-Options")).hasValue("nosniff");
    Api.Resp ranged = t.head("/v1/objects/head.txt", "Range", "bytes=0-3");
    assertThat(ranged.status()).isEqualTo(206);
    assertThat(ranged.body()).isEmpty();
    assertThat(ranged.header("Content-Range")).hasValue("bytes 0-3/12");
  }

  // -------------------------------------------------------------- metadata

  @Test
  void userMetadataRoundTrips() {
    Api.Resp put =
        t.put("/v1/objects/meta/report.pdf", "%PDF", "Content-Type", "application/pdf", "X-Silo-Meta-Project", "apollo",
            "X-Silo-Meta-Owner-Id", "42", "X-Silo-Folder", "reports/2024");
    assertThat(put.status()).isEqualTo(201);
    JsonNode info = t.get("/v1/info/meta/report.pdf").json();
    assertThat(info.path("metadata").path("project").asText()).isEqualTo("apollo");
    assertThat(info.path("metadata").path("owner-id").asText()).isEqualTo("42");
    assertThat(info.path("metadata").size()).isEqualTo(2);
    assertThat(info.path("folder").asText()).isEqualTo("reports/2024");
    assertThat(info.path("acl").asText()).isEqualTo("private");
    assertThat(info.path("content_type").asText()).isEqualTo("application/pdf");
    assertThat(info.path("size").asLong()).isEqualTo(4);
    assertThat(info.path("status").asText()).isEqualTo("ready");
    for (String field : List.of("id", "bucket", "key", "etag", "sha256", "created_at", "updated_at")) {
      assertThat(info.path(field).asText()).as(field).isNotBlank();
    }
    assertThat(info.path("bucket").asText()).isEqualTo("objects-api");
    assertThat(info.path("key").asText()).isEqualTo("meta/report.pdf");
    Api.Resp get = t.get("/v1/objects/meta/report.pdf");
    assertThat(get.header("X-Silo-Meta-Project")).hasValue("apollo");
    assertThat(get.header("X-Silo-Meta-Owner-Id")).hasValue("42");
    assertThat(get.header("X-Silo-Acl")).hasValue("private");
    assertThat(get.header("X-Silo-Object-Id")).hasValue(info.path("id").asText());
  }

  @Test
  void patchingInfoChangesAclFolderAndMetadataButNotTheBytes() {
    JsonNode put = t.put("/v1/objects/patch/me.txt", "patch me", "Content-Type", "text/plain", "X-Silo-Meta-A", "1").json();
    assertError(anon.get("/v1/public/objects-api/patch/me.txt"), 404, "object_not_found");

    Api.Resp pub = t.patch("/v1/info/patch/me.txt", "{\"acl\":\"public\"}");
    assertThat(pub.status()).isEqualTo(200);
    assertThat(pub.json().path("acl").asText()).isEqualTo("public");
    assertThat(pub.json().path("metadata").path("a").asText()).isEqualTo("1");
    assertThat(anon.get("/v1/public/objects-api/patch/me.txt").body()).isEqualTo("patch me");
    assertThat(anon.get("/v1/public/objects-api/patch/me.txt").header("Cache-Control").orElse("")).contains("public");

    JsonNode folder = t.patch("/v1/info/patch/me.txt", "{\"folder\":\"archive/old\"}").json();
    assertThat(folder.path("folder").asText()).isEqualTo("archive/old");
    assertThat(folder.path("acl").asText()).isEqualTo("public");

    JsonNode meta = t.patch("/v1/info/patch/me.txt", "{\"metadata\":{\"b\":\"2\",\"c\":\"three\"}}").json();
    assertThat(meta.path("metadata").size()).isEqualTo(2);
    assertThat(meta.path("metadata").path("c").asText()).isEqualTo("three");
    assertThat(meta.path("folder").asText()).isEqualTo("archive/old");

    JsonNode back = t.patch("/v1/info/patch/me.txt", "{\"acl\":\"private\"}").json();
    assertError(anon.get("/v1/public/objects-api/patch/me.txt"), 404, "object_not_found");
    assertThat(back.path("etag").asText()).isEqualTo(put.path("etag").asText());
    assertThat(back.path("sha256").asText()).isEqualTo(put.path("sha256").asText());
    assertThat(back.path("id").asText()).isEqualTo(put.path("id").asText());
    assertThat(back.path("created_at").asText()).isEqualTo(put.path("created_at").asText());
    // as instants: the text of a whole second has no fraction ("…30Z" sorts after "…30.024Z")
    assertThat(java.time.Instant.parse(back.path("updated_at").asText()))
        .isAfterOrEqualTo(java.time.Instant.parse(put.path("updated_at").asText()));
    assertThat(t.get("/v1/objects/patch/me.txt").body()).isEqualTo("patch me");
    assertThat(t.get("/v1/objects/patch/me.txt").header("X-Silo-Meta-C")).hasValue("three");

    assertError(t.patch("/v1/info/patch/me.txt", "{\"acl\":\"world\"}"), 400, "invalid_acl");
    assertError(t.patch("/v1/info/patch/me.txt", "{\"folder\":\"../up\"}"), 400, "invalid_folder");
    assertError(t.patch("/v1/info/patch/me.txt", "{\"metadata\":{\"Bad Name\":\"x\"}}"), 400, "invalid_metadata");
    assertError(t.patch("/v1/info/patch/missing.txt", "{\"acl\":\"public\"}"), 404, "object_not_found");
    assertThat(t.get("/v1/info/patch/me.txt").json().path("acl").asText()).isEqualTo("private");
  }

  // --------------------------------------------------------------- listing

  @Test
  void listingWithPrefixDelimiterAndCursors() throws Exception {
    Api l = silo.tenant("lister");
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      all.add(String.format("a/file-%03d.txt", i));
      all.add(String.format("b/x/file-%03d.txt", i));
    }
    for (int i = 0; i < 50; i++) {
      all.add(String.format("root-%03d.txt", i));
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<Integer>> puts = new ArrayList<>();
      for (String k : all) {
        puts.add(pool.submit(() -> l.put("/v1/objects/" + k, k, "Content-Type", "text/plain").status()));
      }
      for (Future<Integer> f : puts) {
        assertThat(f.get()).isEqualTo(201);
      }
    }
    List<String> sorted = all.stream().sorted().toList();

    JsonNode top = l.get("/v1/objects?delimiter=/").json();
    assertThat(strings(top.path("prefixes"))).containsExactly("a/", "b/");
    assertThat(keys(top)).hasSize(50).allMatch(k -> k.startsWith("root-"));
    assertThat(top.path("next_cursor").isNull()).isTrue();

    JsonNode b = l.get("/v1/objects?prefix=b/&delimiter=/").json();
    assertThat(strings(b.path("prefixes"))).containsExactly("b/x/");
    assertThat(keys(b)).isEmpty();

    JsonNode a = l.get("/v1/objects?prefix=a/").json();
    assertThat(keys(a)).isEqualTo(sorted.stream().filter(k -> k.startsWith("a/")).toList());
    assertThat(a.path("next_cursor").isNull()).isTrue();
    assertThat(keys(l.get("/v1/objects?prefix=b/x/file-01").json())).hasSize(10);
    assertThat(keys(l.get("/v1/objects?prefix=nothing/").json())).isEmpty();

    // every key exactly once, in order, 7 at a time
    List<String> visited = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page = l.get("/v1/objects?limit=7" + (cursor == null ? "" : "&cursor=" + cursor)).json();
      List<String> ks = keys(page);
      assertThat(ks.size()).isBetween(1, 7);
      visited.addAll(ks);
      cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
      assertThat(++pages).isLessThanOrEqualTo(40);
    } while (cursor != null);
    assertThat(visited).isEqualTo(sorted);
    assertThat(pages).isEqualTo(36);

    // with a delimiter: the root keys and the two prefixes, each exactly once
    List<String> entries = new ArrayList<>();
    cursor = null;
    pages = 0;
    do {
      JsonNode page = l.get("/v1/objects?limit=7&delimiter=/" + (cursor == null ? "" : "&cursor=" + cursor)).json();
      List<String> ks = keys(page);
      List<String> ps = strings(page.path("prefixes"));
      assertThat(ks.size() + ps.size()).isBetween(1, 7);
      entries.addAll(ps);
      entries.addAll(ks);
      cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
      assertThat(++pages).isLessThanOrEqualTo(20);
    } while (cursor != null);
    List<String> expected = new ArrayList<>(List.of("a/", "b/"));
    expected.addAll(sorted.stream().filter(k -> k.startsWith("root-")).toList());
    assertThat(entries).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(new HashSet<>(entries)).hasSize(entries.size());

    // with a prefix, through the cursor
    List<String> bx = new ArrayList<>();
    cursor = null;
    do {
      JsonNode page = l.get("/v1/objects?prefix=b/x/&limit=7" + (cursor == null ? "" : "&cursor=" + cursor)).json();
      bx.addAll(keys(page));
      cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
    } while (cursor != null);
    assertThat(bx).isEqualTo(sorted.stream().filter(k -> k.startsWith("b/x/")).toList());

    // items carry the object's JSON
    JsonNode first = l.get("/v1/objects?limit=1").json().path("items").get(0);
    assertThat(first.path("key").asText()).isEqualTo("a/file-000.txt");
    assertThat(first.path("size").asLong()).isEqualTo("a/file-000.txt".length());
    assertThat(first.path("etag").asText()).isNotBlank();
  }

  private static List<String> keys(JsonNode listing) {
    List<String> out = new ArrayList<>();
    listing.path("items").forEach(i -> out.add(i.path("key").asText()));
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(i -> out.add(i.asText()));
    return out;
  }

  @Test
  void utf8KeysRoundTrip() {
    Api u = silo.tenant("utf8-keys");
    List<String> keys =
        List.of("café/menü.txt", "中文/文件.txt", "emoji/😀 party.txt", "naïve résumé.txt", "a+b%20c.txt", "x/ü/é", "ẞ-ß");
    for (String k : keys) {
      byte[] body = ("content of " + k).getBytes(StandardCharsets.UTF_8);
      Api.Resp put = u.put("/v1/objects/" + path(k), body, "Content-Type", "text/plain; charset=utf-8");
      assertThat(put.status()).as(k).isEqualTo(201);
      assertThat(put.json().path("key").asText()).isEqualTo(k);
      assertThat(u.get("/v1/objects/" + path(k)).body()).as(k).isEqualTo("content of " + k);
      assertThat(u.get("/v1/info/" + path(k)).json().path("key").asText()).isEqualTo(k);
      String signed = u.post("/v1/sign/" + path(k), "{}").json().path("url").asText();
      assertThat(anon.get(signed).body()).as("signed " + k).isEqualTo("content of " + k);
    }
    List<String> listed = keys(u.get("/v1/objects").json());
    // listing order is code point (UTF-8 byte) order
    List<String> byCodePoint =
        keys.stream().sorted(Comparator.comparing((String s) -> s.codePoints().boxed().toList(), ObjectApiTest::compareCodePoints)).toList();
    assertThat(listed).isEqualTo(byCodePoint);
    assertThat(keys(u.get("/v1/objects?prefix=" + URLEncoder.encode("中文/", StandardCharsets.UTF_8)).json()))
        .containsExactly("中文/文件.txt");
    assertThat(strings(u.get("/v1/objects?delimiter=/").json().path("prefixes")))
        .containsExactlyInAnyOrder("café/", "中文/", "emoji/", "x/");
    // paging through multi-byte keys one at a time visits each once
    List<String> paged = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = u.get("/v1/objects?limit=1" + (cursor == null ? "" : "&cursor=" + cursor)).json();
      paged.addAll(keys(page));
      cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
    } while (cursor != null);
    assertThat(paged).isEqualTo(byCodePoint);
    // a public one through the public route
    assertThat(u.patch("/v1/info/" + path("emoji/😀 party.txt"), "{\"acl\":\"public\"}").status()).isEqualTo(200);
    assertThat(anon.get("/v1/public/utf8-keys/" + path("emoji/😀 party.txt")).body()).isEqualTo("content of emoji/😀 party.txt");
  }

  private static int compareCodePoints(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = Integer.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  // ------------------------------------------------------ presigned upload

  @Test
  void presignedUploadFlow() throws Exception {
    Api p = silo.tenant("presigned");
    byte[] bytes = "ts,value\n2024-01-01,1\n2024-01-02,2\n".getBytes(StandardCharsets.UTF_8);
    Api.Resp init =
        p.post("/v1/uploads", "{\"filename\":\"my report.csv\",\"content_type\":\"text/csv\",\"size\":" + bytes.length + "}");
    assertThat(init.status()).isEqualTo(201);
    JsonNode ticket = init.json();
    String id = ticket.path("object_id").asText();
    String key = ticket.path("key").asText();
    String url = ticket.path("upload_url").asText();
    assertThat(key).startsWith("raw/").contains(id).endsWith("my_report.csv");
    assertThat(ticket.path("method").asText()).isEqualTo("PUT");
    assertThat(ticket.path("headers").path("Content-Type").asText()).isEqualTo("text/csv");
    assertThat(ticket.path("expires_at").asText()).isNotBlank();
    assertThat(url).startsWith(silo.url()).contains("token=");

    assertError(p.post("/v1/uploads/" + id + "/complete", ""), 409, "upload_incomplete");

    assertError(anon.put(url, "text", "Content-Type", "application/json"), 400, "content_type_mismatch");
    byte[] more = new byte[bytes.length + 10];
    assertError(anon.put(url, more, "Content-Type", "text/csv"), 413, "too_large");
    Api.Resp moreChunked =
        anon.send("PUT", url, HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(more)),
            "Content-Type", "text/csv");
    assertError(moreChunked, 413, "too_large");
    assertError(p.post("/v1/uploads/" + id + "/complete", ""), 409, "upload_incomplete");

    Api.Resp staged = anon.put(url, bytes, "Content-Type", "text/csv");
    assertThat(staged.status()).isEqualTo(200);

    // staged, not published
    assertError(p.get("/v1/objects/" + path(key)), 404, "object_not_found");
    assertError(p.get("/v1/info/" + path(key)), 404, "object_not_found");
    assertError(p.get("/v1/ids/" + id), 404, "object_not_found");
    assertThat(keys(p.get("/v1/objects?prefix=raw/").json())).isEmpty();
    assertThat(p.get("/v1/tenant").json().at("/usage/objects").asLong()).isZero();

    Api.Resp done = p.post("/v1/uploads/" + id + "/complete", "");
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.json().path("status").asText()).isEqualTo("ready");
    assertThat(done.json().path("size").asLong()).isEqualTo(bytes.length);
    assertThat(done.json().path("sha256").asText()).isEqualTo(sha256(bytes));
    assertThat(done.json().path("id").asText()).isEqualTo(id);
    assertThat(done.json().path("metadata").size()).isZero();

    Api.Resp read = p.get("/v1/objects/" + path(key));
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body()).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
    assertThat(read.header("Content-Type")).hasValue("text/csv");
    assertThat(keys(p.get("/v1/objects?prefix=raw/").json())).containsExactly(key);
    var usage = p.get("/v1/tenant").json().path("usage");
    assertThat(usage.path("objects").asLong()).isEqualTo(1);
    assertThat(usage.path("bytes").asLong()).isEqualTo(bytes.length);

    // completing twice is harmless; the upload URL is spent
    assertThat(p.post("/v1/uploads/" + id + "/complete", "").json().path("sha256").asText()).isEqualTo(sha256(bytes));
    assertThat(p.get("/v1/tenant").json().at("/usage/objects").asLong()).isEqualTo(1);
    assertError(anon.put(url, bytes, "Content-Type", "text/csv"), 409, "upload_completed");
    assertThat(p.get("/v1/objects/" + path(key)).body()).isEqualTo(new String(bytes, StandardCharsets.UTF_8));

    // by id, and a download URL that needs no credential
    JsonNode byId = p.get("/v1/ids/" + id).json();
    assertThat(byId.path("key").asText()).isEqualTo(key);
    Api.Resp link = p.get("/v1/ids/" + id + "/download-url");
    assertThat(link.status()).isEqualTo(200);
    String download = link.json().path("url").asText();
    assertThat(link.json().path("expires_at").asText()).isNotBlank();
    assertThat(anon.get(download).body()).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
    Api.Resp ranged = anon.get(download, "Range", "bytes=0-1");
    assertThat(ranged.status()).isEqualTo(206);
    assertThat(ranged.body()).isEqualTo("ts");
    assertThat(ranged.header("Content-Range")).hasValue("bytes 0-1/" + bytes.length);
    assertThat(anon.head(download).header("Content-Length")).hasValue(Integer.toString(bytes.length));

    // a short body is refused too
    String url2 =
        p.post("/v1/uploads", "{\"filename\":\"b.csv\",\"content_type\":\"text/csv\",\"size\":100}").json().path("upload_url").asText();
    assertError(anon.put(url2, "too short", "Content-Type", "text/csv"), 400, "incomplete_body");
    assertThat(silo.awaitBlobs("presigned", 1)).hasSize(1);
  }

  @Test
  void signedDownloadUrlsSupportRangeAndConditionals() {
    assertThat(t.put("/v1/objects/signed/range.bin", "abcdefghij", "Content-Type", "application/octet-stream").status()).isEqualTo(201);
    Api.Resp sign = t.post("/v1/sign/signed/range.bin", "{\"ttl_seconds\":120}");
    assertThat(sign.status()).isEqualTo(200);
    String url = sign.json().path("url").asText();
    assertThat(sign.json().path("expires_at").asText()).isNotBlank();
    Api.Resp r = anon.get(url, "Range", "bytes=-4");
    assertThat(r.status()).isEqualTo(206);
    assertThat(r.body()).isEqualTo("ghij");
    assertThat(anon.get(url, "If-None-Match", t.head("/v1/objects/signed/range.bin").header("ETag").orElseThrow()).status())
        .isEqualTo(304);
    assertError(anon.get(url.replace("token=", "token=x")), 403, "invalid_signature");
  }

  // --------------------------------------------------------------- buckets

  @Test
  void bucketsWithinLimitsUsageAndDeletion() throws Exception {
    Api one = silo.tenant("one-bucket");
    assertError(one.post("/v1/buckets", "{\"name\":\"second\"}"), 409, "too_many_buckets");
    assertThat(strings(names(one.get("/v1/buckets").json()))).containsExactly("one-bucket");

    Api three = silo.tenant("three-buckets", "{\"max_buckets\":3}");
    Api.Resp photos = three.post("/v1/buckets", "{\"name\":\"photos\"}");
    assertThat(photos.status()).isEqualTo(201);
    assertThat(photos.json().path("name").asText()).isEqualTo("photos");
    assertError(three.post("/v1/buckets", "{\"name\":\"photos\"}"), 409, "bucket_exists");
    assertError(three.post("/v1/buckets", "{\"name\":\"Bad_Name\"}"), 400, "invalid_bucket_name");
    assertError(three.post("/v1/buckets", "{}"), 400, "invalid_bucket_name");
    assertThat(three.post("/v1/buckets", "{\"name\":\"docs\"}").status()).isEqualTo(201);
    assertError(three.post("/v1/buckets", "{\"name\":\"fourth\"}"), 409, "too_many_buckets");

    assertThat(three.put("/v1/objects/a.jpg?bucket=photos", "abc", "Content-Type", "image/jpeg").status()).isEqualTo(201);
    assertThat(three.put("/v1/objects/b/c.jpg?bucket=photos", "defgh", "Content-Type", "image/jpeg").status()).isEqualTo(201);
    assertThat(three.put("/v1/objects/a.jpg", "default!", "Content-Type", "image/jpeg").status()).isEqualTo(201);
    assertThat(three.get("/v1/objects/a.jpg?bucket=photos").body()).isEqualTo("abc");
    assertThat(three.get("/v1/objects/a.jpg").body()).isEqualTo("default!");

    JsonNode bucket = three.get("/v1/buckets/photos").json();
    assertThat(bucket.at("/usage/bytes").asLong()).isEqualTo(8);
    assertThat(bucket.at("/usage/objects").asLong()).isEqualTo(2);
    Map<String, Long> usage = new TreeMap<>();
    three.get("/v1/buckets").json().path("items").forEach(b -> usage.put(b.path("name").asText(), b.at("/usage/bytes").asLong()));
    assertThat(usage).containsExactlyEntriesOf(new TreeMap<>(Map.of("docs", 0L, "photos", 8L, "three-buckets", 8L)));
    assertThat(three.get("/v1/tenant").json().at("/usage/bytes").asLong()).isEqualTo(16);

    assertError(three.delete("/v1/buckets/photos"), 409, "bucket_not_empty");
    assertThat(three.get("/v1/objects/a.jpg?bucket=photos").body()).isEqualTo("abc");
    assertThat(three.delete("/v1/buckets/photos?force=true").status()).isEqualTo(204);
    assertError(three.get("/v1/buckets/photos"), 404, "bucket_not_found");
    assertError(three.get("/v1/objects/a.jpg?bucket=photos"), 404, "bucket_not_found");
    assertThat(three.get("/v1/objects/a.jpg").body()).isEqualTo("default!");
    var after = three.get("/v1/tenant").json().path("usage");
    assertThat(after.path("bytes").asLong()).isEqualTo(8);
    assertThat(after.path("objects").asLong()).isEqualTo(1);
    // the objects are inline (rows of the metadata store): the forced delete left no blob behind
    assertThat(silo.awaitBlobs("three-buckets", 0)).isEmpty();

    assertError(three.delete("/v1/buckets/three-buckets"), 409, "default_bucket");
    assertError(three.delete("/v1/buckets/three-buckets?force=true"), 409, "default_bucket");
    assertThat(three.get("/v1/objects/a.jpg").body()).isEqualTo("default!");
    assertThat(three.delete("/v1/buckets/docs").status()).isEqualTo(204);
    assertError(three.delete("/v1/buckets/docs"), 404, "bucket_not_found");
    // the freed slots can be used again, and a recreated bucket starts empty
    assertThat(three.post("/v1/buckets", "{\"name\":\"photos\"}").status()).isEqualTo(201);
    assertThat(keys(three.get("/v1/objects?bucket=photos").json())).isEmpty();
  }

  private static JsonNode names(JsonNode list) {
    var out = new com.fasterxml.jackson.databind.node.ArrayNode(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance);
    list.path("items").forEach(b -> out.add(b.path("name").asText()));
    return out;
  }

  // ------------------------------------------------------------------ keys

  @Test
  void ownKeysCreateListUseRevoke() {
    Api k = silo.tenant("key-owner");
    Api.Resp created = k.post("/v1/keys", "{\"name\":\"ci\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Cache-Control")).hasValue("no-store");
    String plaintext = created.json().path("key").asText();
    String id = created.json().path("id").asText();
    assertThat(plaintext).startsWith("key-owner_sk_").hasSizeGreaterThan("key-owner_sk_".length() + 31);
    assertThat(created.json().path("scopes")).hasSize(4);

    JsonNode listed = k.get("/v1/keys").json();
    assertThat(listed.toString()).doesNotContain(plaintext).doesNotContain(plaintext.substring(plaintext.length() - 20));
    JsonNode mine = find(listed, id);
    assertThat(mine.has("key")).isFalse();
    assertThat(mine.path("prefix").asText()).isNotBlank();
    assertThat(plaintext).startsWith(mine.path("prefix").asText());
    assertThat(mine.path("name").asText()).isEqualTo("ci");
    assertThat(mine.path("last_used_at").isNull()).isTrue();
    assertThat(mine.path("revoked_at").isNull()).isTrue();

    Api ci = silo.as(plaintext);
    assertThat(ci.get("/v1/tenant").json().path("slug").asText()).isEqualTo("key-owner");
    assertThat(find(k.get("/v1/keys").json(), id).path("last_used_at").isNull()).isFalse();

    assertThat(k.delete("/v1/keys/" + id).status()).isEqualTo(204);
    assertError(ci.get("/v1/tenant"), 401, "invalid_credential");
    assertThat(find(k.get("/v1/keys").json(), id).path("revoked_at").isNull()).isFalse();
    assertError(k.delete("/v1/keys/" + id), 404, "key_not_found");
    assertError(k.delete("/v1/keys/key_" + "0".repeat(20)), 404, "key_not_found");
    assertError(k.delete("/v1/keys/not-a-key-id"), 400, "invalid_key_id");
    assertThat(k.get("/v1/tenant").status()).isEqualTo(200);
  }

  private static JsonNode find(JsonNode list, String id) {
    for (JsonNode k : list.path("items")) {
      if (k.path("id").asText().equals(id)) {
        return k;
      }
    }
    throw new AssertionError("no key " + id + " in " + list);
  }

  @Test
  void readOnlyKeyCannotWriteOrDelete() {
    Api owner = silo.tenant("scoped");
    assertThat(owner.put("/v1/objects/r.txt", "readable", "Content-Type", "text/plain").status()).isEqualTo(201);
    Api.Resp created = owner.post("/v1/keys", "{\"name\":\"viewer\",\"scopes\":[\"read\"]}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(strings(created.json().path("scopes"))).containsExactly("read");
    Api ro = silo.as(created.json().path("key").asText());

    assertThat(ro.get("/v1/objects/r.txt").body()).isEqualTo("readable");
    assertThat(ro.head("/v1/objects/r.txt").status()).isEqualTo(200);
    assertThat(ro.get("/v1/objects").status()).isEqualTo(200);
    assertThat(ro.get("/v1/info/r.txt").status()).isEqualTo(200);
    assertError(ro.put("/v1/objects/r.txt", "overwritten", "Content-Type", "text/plain"), 403, "insufficient_scope");
    assertError(ro.put("/v1/objects/new.txt", "new", "Content-Type", "text/plain"), 403, "insufficient_scope");
    assertError(ro.delete("/v1/objects/r.txt"), 403, "insufficient_scope");
    assertError(ro.patch("/v1/info/r.txt", "{\"acl\":\"public\"}"), 403, "insufficient_scope");
    assertError(ro.post("/v1/uploads", "{\"filename\":\"x.txt\",\"content_type\":\"text/plain\"}"), 403, "insufficient_scope");
    assertError(ro.post("/v1/buckets", "{\"name\":\"nope\"}"), 403, "insufficient_scope");
    assertError(ro.post("/v1/keys", "{\"name\":\"escalate\"}"), 403, "insufficient_scope");
    assertError(ro.get("/v1/keys"), 403, "insufficient_scope");
    assertThat(owner.get("/v1/objects/r.txt").body()).isEqualTo("readable");
    assertThat(owner.get("/v1/info/r.txt").json().path("acl").asText()).isEqualTo("private");
    assertError(owner.post("/v1/keys", "{\"name\":\"bad\",\"scopes\":[\"superuser\"]}"), 400, "invalid_scope");
  }

  // ---------------------------------------------------------- CORS, health

  @Test
  void corsPreflightOnlyForConfiguredOrigins() throws Exception {
    try (TestSilo cors = TestSilo.start(dir.resolve("cors"), Map.of("SILO_CORS_ORIGINS", "https://app.example"))) {
      Api c = cors.anonymous();
      Api.Resp ok =
          c.send("OPTIONS", "/v1/objects/some/key.txt", HttpRequest.BodyPublishers.noBody(), "Origin", "https://app.example",
              "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "content-type");
      assertThat(ok.status()).isBetween(200, 204);
      assertThat(ok.header("Access-Control-Allow-Origin")).hasValue("https://app.example");
      assertThat(ok.header("Access-Control-Allow-Methods").orElse("")).contains("PUT");
      assertThat(ok.header("Access-Control-Allow-Headers").orElse("").toLowerCase()).contains("content-type");
      assertThat(ok.header("X-Request-Id")).isPresent();

      Api.Resp evil =
          c.send("OPTIONS", "/v1/objects/some/key.txt", HttpRequest.BodyPublishers.noBody(), "Origin", "https://evil.example",
              "Access-Control-Request-Method", "PUT");
      assertThat(evil.header("Access-Control-Allow-Origin")).isEmpty();
      assertThat(evil.header("Access-Control-Allow-Methods")).isEmpty();

      Api.Resp actual = c.get("/healthz", "Origin", "https://app.example");
      assertThat(actual.header("Access-Control-Allow-Origin")).hasValue("https://app.example");
      assertThat(actual.header("Access-Control-Expose-Headers").orElse("")).contains("ETag");
      assertThat(c.get("/healthz", "Origin", "https://evil.example").header("Access-Control-Allow-Origin")).isEmpty();
    }
    // the main instance has no CORS origins configured
    Api.Resp none =
        anon.send("OPTIONS", "/v1/objects/k", HttpRequest.BodyPublishers.noBody(), "Origin", "https://app.example",
            "Access-Control-Request-Method", "GET");
    assertThat(none.header("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void healthReadinessAndRequestIds() {
    Api.Resp health = anon.get("/healthz");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().path("status").asText()).isEqualTo("ok");
    Api.Resp ready = anon.get("/readyz");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().path("status").asText()).isEqualTo("ok");
    Set<String> ids = new HashSet<>();
    List<Api.Resp> responses =
        List.of(
            health,
            ready,
            t.put("/v1/objects/rid.txt", "rid", "Content-Type", "text/plain"),
            t.get("/v1/objects/rid.txt"),
            t.head("/v1/objects/rid.txt"),
            t.get("/v1/objects"),
            t.get("/v1/tenant"),
            t.delete("/v1/objects/rid.txt"),
            silo.operator().get("/v1/tenants"));
    for (Api.Resp r : responses) {
      String id = r.header("X-Request-Id").orElse(null);
      assertThat(id).as("%s", r).isNotBlank();
      ids.add(id);
    }
    assertThat(ids).hasSize(responses.size());
  }
  // ---------------------------------------------------------- copy and move

  @Test
  void aCopyIsTheWholeObjectUnderAnotherKeyAndOverwritesOnlyWhenAsked() {
    Api m = silo.tenant("copies", "{\"max_buckets\":2,\"max_bytes\":1000}");
    assertThat(m.put("/v1/objects/notes/a.txt", "alpha notes", "Content-Type", "text/plain", "X-Silo-Meta-Owner", "ana",
        "Cache-Control", "max-age=60").status()).isEqualTo(201);
    Api.Resp copy = m.post("/v1/copy", "{\"key\":\"notes/a.txt\",\"to_key\":\"archive/a.txt\"}");
    assertThat(copy.status()).as(copy.body()).isEqualTo(201);
    assertThat(copy.json().path("key").asText()).isEqualTo("archive/a.txt");
    Api.Resp got = m.get("/v1/objects/archive/a.txt");
    assertThat(got.body()).isEqualTo("alpha notes");
    assertThat(got.header("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(got.header("Cache-Control")).hasValue("max-age=60");
    assertThat(m.get("/v1/info/archive/a.txt").json().path("metadata").path("owner").asText()).isEqualTo("ana");
    assertThat(m.get("/v1/objects/notes/a.txt").body()).as("the source stays").isEqualTo("alpha notes");
    assertThat(m.get("/v1/tenant").json().at("/usage/bytes").asLong()).as("a copy counts as any write").isEqualTo(22);

    assertThat(m.put("/v1/objects/notes/b.txt", "beta", "Content-Type", "text/plain").status()).isEqualTo(201);
    assertError(m.post("/v1/copy", "{\"key\":\"notes/b.txt\",\"to_key\":\"archive/a.txt\"}"), 409, "object_exists");
    assertThat(m.get("/v1/objects/archive/a.txt").body()).as("nothing replaced").isEqualTo("alpha notes");
    assertThat(m.post("/v1/copy", "{\"key\":\"notes/b.txt\",\"to_key\":\"archive/a.txt\",\"overwrite\":true}").status()).isEqualTo(201);
    assertThat(m.get("/v1/objects/archive/a.txt").body()).isEqualTo("beta");

    assertThat(m.post("/v1/buckets", "{\"name\":\"copies-two\"}").status()).isEqualTo(201);
    assertThat(m.post("/v1/copy", "{\"key\":\"notes/a.txt\",\"to_bucket\":\"copies-two\",\"to_key\":\"notes/a.txt\"}").status())
        .as("the same key in another bucket").isEqualTo(201);
    assertThat(m.get("/v1/objects/notes/a.txt?bucket=copies-two").body()).isEqualTo("alpha notes");

    assertError(m.post("/v1/copy", "{\"key\":\"notes/a.txt\",\"to_key\":\"notes/a.txt\",\"overwrite\":true}"), 400, "same_key");
    assertError(m.post("/v1/copy", "{\"key\":\"notes/a.txt\",\"to_bucket\":\"copies\",\"to_key\":\"notes/a.txt\"}"), 400, "same_key");
    assertError(m.post("/v1/copy", "{\"key\":\"missing.txt\",\"to_key\":\"x.txt\"}"), 404, "object_not_found");
    assertError(m.post("/v1/copy", "{\"key\":\"notes/a.txt\",\"to_bucket\":\"nope\",\"to_key\":\"x.txt\"}"), 404, "bucket_not_found");
    assertError(m.post("/v1/copy", "{\"key\":\"notes/a.txt\"}"), 400, "invalid_body");
    assertError(m.post("/v1/copy", "{\"key\":\"notes/a.txt\",\"to_key\":\"notes/../escape.txt\"}"), 400, "invalid_key");
    assertError(m.post("/v1/copy", "{\"key\":\"notes/a.txt\",\"to_bucket\":\"Bad_Bucket\",\"to_key\":\"x.txt\"}"), 400, "invalid_bucket_name");
    // over the quota: 1000 bytes hold no more copies of these
    assertThat(m.put("/v1/objects/big.bin", "x".repeat(900), "Content-Type", "text/plain").status()).isEqualTo(201);
    assertError(m.post("/v1/copy", "{\"key\":\"big.bin\",\"to_key\":\"big2.bin\"}"), 413, null);
    assertError(m.get("/v1/objects/big2.bin"), 404, "object_not_found");
  }

  @Test
  void aMoveRenamesAndNeedsTheRightToDelete() {
    Api m = silo.tenant("moves");
    assertThat(m.put("/v1/objects/draft.txt", "the text", "Content-Type", "text/plain").status()).isEqualTo(201);
    Api.Resp moved = m.post("/v1/move", "{\"key\":\"draft.txt\",\"to_key\":\"final/report.txt\"}");
    assertThat(moved.status()).as(moved.body()).isEqualTo(201);
    assertError(m.get("/v1/objects/draft.txt"), 404, "object_not_found");
    assertThat(m.get("/v1/objects/final/report.txt").body()).isEqualTo("the text");
    assertThat(m.get("/v1/tenant").json().at("/usage/objects").asLong()).isEqualTo(1);

    String writeOnly = m.post("/v1/keys", "{\"name\":\"w\",\"scopes\":[\"read\",\"write\"]}").json().path("key").asText();
    assertError(silo.as(writeOnly).post("/v1/move", "{\"key\":\"final/report.txt\",\"to_key\":\"elsewhere.txt\"}"),
        403, "insufficient_scope");
    assertError(m.get("/v1/objects/elsewhere.txt"), 404, "object_not_found");
    assertThat(silo.as(writeOnly).post("/v1/copy", "{\"key\":\"final/report.txt\",\"to_key\":\"elsewhere.txt\"}").status())
        .as("a copy deletes nothing").isEqualTo(201);

    // in a versioned bucket the source keeps its history under a delete marker, as S3 tools' moves leave it
    assertThat(m.patch("/v1/buckets/moves", "{\"versioning\":\"enabled\"}").status()).isEqualTo(200);
    assertThat(m.post("/v1/move", "{\"key\":\"elsewhere.txt\",\"to_key\":\"kept.txt\"}").status()).isEqualTo(201);
    JsonNode versions = m.get("/v1/versions?prefix=elsewhere.txt").json().path("items");
    assertThat(versions).hasSize(2);
    assertThat(versions.get(0).path("delete_marker").asBoolean()).isTrue();
  }
}
