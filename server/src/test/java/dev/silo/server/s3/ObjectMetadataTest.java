package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Object metadata across protocols (issue 12): the standard headers an upload stores and every
 * read serves, the user-metadata limit and reserved names, and system facts that no metadata
 * header or update can set or drop. REST over HTTP, S3 through the AWS SDK v2 and aws-cli.
 */
class ObjectMetadataTest {
  private static final String EXPIRES = "Wed, 01 Jan 2031 00:00:00 GMT";

  @TempDir static Path dir;
  static TestSilo silo;
  static S3Fixture.Credential cred;
  static Api rest;
  static Api anon;
  static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("silo"));
    cred = S3Fixture.tenant(silo, "meta", null, null);
    rest = cred.api();
    anon = silo.anonymous();
    s3 = SdkClients.client(silo.s3Url(), cred.accessKeyId(), cred.secret());
  }

  @AfterAll
  static void stop() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    if (silo != null) {
      silo.close();
    }
  }

  /** A JSON error body with this status and code. */
  static void assertError(Api.Resp r, int status, String code) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.errorCode()).as(r.toString()).isEqualTo(code);
  }

  static String code(Runnable r) {
    try {
      r.run();
      return "none";
    } catch (S3Exception e) {
      return e.statusCode() + " " + e.awsErrorDetails().errorCode();
    }
  }

  // ------------------------------------------------------------ standard headers, REST

  @Test
  void restStoresTheStandardHeadersAndServesThemOnEveryRead() {
    Api.Resp put = rest.put("/v1/objects/headers/report.txt", "report", "Content-Type", "text/plain",
        "X-Silo-Acl", "public",
        "Cache-Control", "public, max-age=3600",
        "Content-Disposition", "attachment; filename=\"report.txt\"; filename*=UTF-8''r%C3%A9port.txt",
        "Content-Encoding", "identity",
        "Content-Language", "de-CH",
        "Expires", EXPIRES);
    assertThat(put.status()).as(put.toString()).isEqualTo(201);
    JsonNode headers = put.json().path("headers");
    assertThat(headers.path("cache_control").asText()).isEqualTo("public, max-age=3600");
    assertThat(headers.path("content_language").asText()).isEqualTo("de-CH");

    String signed = rest.post("/v1/sign/headers/report.txt", "{}").json().path("url").asText();
    List<Api.Resp> reads = List.of(
        rest.get("/v1/objects/headers/report.txt"),
        rest.head("/v1/objects/headers/report.txt"),
        anon.get(signed),
        anon.get("/v1/public/meta/headers/report.txt"),
        anon.head("/v1/public/meta/headers/report.txt"));
    for (Api.Resp r : reads) {
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.header("Cache-Control")).hasValue("public, max-age=3600");
      assertThat(r.header("Content-Disposition")).hasValue("attachment; filename=\"report.txt\"; filename*=UTF-8''r%C3%A9port.txt");
      assertThat(r.header("Content-Encoding")).hasValue("identity");
      assertThat(r.header("Content-Language")).hasValue("de-CH");
      assertThat(r.header("Expires")).hasValue(EXPIRES);
    }
    // a 304 repeats the caching headers (RFC 9110)
    Api.Resp notModified = rest.get("/v1/objects/headers/report.txt", "If-None-Match", put.header("ETag").orElseThrow());
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.header("Cache-Control")).hasValue("public, max-age=3600");
    assertThat(notModified.header("Expires")).hasValue(EXPIRES);

    HeadObjectResponse head = s3.headObject(b -> b.bucket("meta").key("headers/report.txt"));
    assertThat(head.cacheControl()).isEqualTo("public, max-age=3600");
    assertThat(head.contentLanguage()).isEqualTo("de-CH");
    assertThat(head.expiresString()).isEqualTo(EXPIRES);

    // without a stored Cache-Control the default still follows the ACL
    rest.put("/v1/objects/headers/plain.txt", "plain", "Content-Type", "text/plain");
    Api.Resp plain = rest.get("/v1/objects/headers/plain.txt");
    assertThat(plain.header("Cache-Control")).hasValue("private, no-cache");
    assertThat(plain.header("Content-Disposition")).isEmpty();
    assertThat(plain.header("Expires")).isEmpty();
  }

  @Test
  void badStandardHeadersAreRefusedWithoutTouchingTheObject() {
    rest.put("/v1/objects/headers/kept.txt", "kept", "Content-Type", "text/plain", "Content-Language", "en");
    assertError(rest.put("/v1/objects/headers/kept.txt", "new", "Content-Type", "text/plain",
        "Cache-Control", "max-age=" + "9".repeat(2100)), 400, "metadata_too_large");
    // line breaks and raw non-ASCII cannot even be sent as headers; a presigned request body is where they could hide
    assertError(rest.post("/v1/uploads",
        "{\"filename\":\"a.txt\",\"content_type\":\"text/plain\",\"cache_control\":\"max-age=1\\r\\nSet-Cookie: x=y\"}"),
        400, "invalid_header");
    assertError(rest.post("/v1/uploads",
        "{\"filename\":\"a.txt\",\"content_type\":\"text/plain\",\"content_disposition\":\"inline; filename=\\\"\u00e9t\u00e9.txt\\\"\"}"),
        400, "invalid_header");
    Api.Resp kept = rest.get("/v1/objects/headers/kept.txt");
    assertThat(kept.body()).isEqualTo("kept");
    assertThat(kept.header("Content-Language")).hasValue("en");
  }

  @Test
  void presignedUploadsCarryMetadataAndHeadersFromTheRequest() {
    Api.Resp ticket = rest.post("/v1/uploads", "{\"filename\":\"photo.txt\",\"content_type\":\"text/plain\",\"size\":5,"
        + "\"metadata\":{\"camera\":\"x100\"},\"cache_control\":\"max-age=60\",\"content_disposition\":\"inline\","
        + "\"content_language\":\"fr\",\"expires\":\"" + EXPIRES + "\"}");
    assertThat(ticket.status()).as(ticket.toString()).isEqualTo(201);
    String id = ticket.json().path("object_id").asText();
    String key = ticket.json().path("key").asText();
    assertThat(anon.put(ticket.json().path("upload_url").asText(), "hello", "Content-Type", "text/plain").status()).isEqualTo(200);
    JsonNode done = rest.post("/v1/uploads/" + id + "/complete", "").json();
    assertThat(done.path("metadata").path("camera").asText()).isEqualTo("x100");
    assertThat(done.path("metadata").size()).isEqualTo(1);
    Api.Resp get = rest.get("/v1/objects/" + key);
    assertThat(get.body()).isEqualTo("hello");
    assertThat(get.header("X-Silo-Meta-Camera")).hasValue("x100");
    assertThat(get.header("Cache-Control")).hasValue("max-age=60");
    assertThat(get.header("Content-Disposition")).hasValue("inline");
    assertThat(get.header("Content-Language")).hasValue("fr");
    assertThat(get.header("Expires")).hasValue(EXPIRES);

    assertError(rest.post("/v1/uploads", "{\"filename\":\"a.txt\",\"content_type\":\"text/plain\",\"metadata\":{\"big\":\""
        + "x".repeat(2100) + "\"}}"), 400, "metadata_too_large");
    assertError(rest.post("/v1/uploads", "{\"filename\":\"a.txt\",\"content_type\":\"text/plain\","
        + "\"metadata\":{\"silo-direct-upload\":\"1\"}}"), 400, "invalid_metadata");
  }

  // ------------------------------------------------------------ standard headers, S3

  @Test
  void sdkPutMultipartAndCopyStoreTheStandardHeaders() {
    Instant expires = Instant.parse("2031-01-01T00:00:00Z");
    s3.putObject(b -> b.bucket("meta").key("sdk/put.txt").contentType("text/plain").cacheControl("max-age=10")
            .contentDisposition("attachment; filename=\"put.txt\"").contentEncoding("identity").contentLanguage("en-GB")
            .expires(expires).metadata(Map.of("origin", "sdk")),
        RequestBody.fromString("put body"));
    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket("meta").key("sdk/put.txt"));
    assertThat(got.asUtf8String()).isEqualTo("put body");
    GetObjectResponse r = got.response();
    assertThat(r.cacheControl()).isEqualTo("max-age=10");
    assertThat(r.contentDisposition()).isEqualTo("attachment; filename=\"put.txt\"");
    assertThat(r.contentEncoding()).isEqualTo("identity");
    assertThat(r.contentLanguage()).isEqualTo("en-GB");
    assertThat(r.expiresString()).isEqualTo(EXPIRES);
    assertThat(r.metadata()).containsExactlyEntriesOf(Map.of("origin", "sdk"));
    // S3's response-* overrides still win on GET
    assertThat(s3.getObjectAsBytes(b -> b.bucket("meta").key("sdk/put.txt").responseCacheControl("no-store"))
        .response().cacheControl()).isEqualTo("no-store");

    // COPY keeps the source's headers and metadata; REPLACE takes the request's
    s3.copyObject(b -> b.sourceBucket("meta").sourceKey("sdk/put.txt").destinationBucket("meta").destinationKey("sdk/copy.txt"));
    HeadObjectResponse copy = s3.headObject(b -> b.bucket("meta").key("sdk/copy.txt"));
    assertThat(copy.cacheControl()).isEqualTo("max-age=10");
    assertThat(copy.contentLanguage()).isEqualTo("en-GB");
    assertThat(copy.metadata()).containsExactlyEntriesOf(Map.of("origin", "sdk"));
    s3.copyObject(b -> b.sourceBucket("meta").sourceKey("sdk/put.txt").destinationBucket("meta").destinationKey("sdk/replaced.txt")
        .metadataDirective(MetadataDirective.REPLACE).contentType("text/plain").cacheControl("no-cache")
        .metadata(Map.of("origin", "replaced")));
    HeadObjectResponse replaced = s3.headObject(b -> b.bucket("meta").key("sdk/replaced.txt"));
    assertThat(replaced.cacheControl()).isEqualTo("no-cache");
    assertThat(replaced.contentLanguage()).isNull();
    assertThat(replaced.contentDisposition()).isNull();
    assertThat(replaced.metadata()).containsExactlyEntriesOf(Map.of("origin", "replaced"));

    String id = s3.createMultipartUpload(b -> b.bucket("meta").key("sdk/multi.bin").contentType("application/octet-stream")
        .cacheControl("max-age=99").contentDisposition("attachment").metadata(Map.of("parts", "two"))).uploadId();
    String e1 = s3.uploadPart(b -> b.bucket("meta").key("sdk/multi.bin").uploadId(id).partNumber(1),
        RequestBody.fromBytes(new byte[5 * 1024 * 1024])).eTag();
    String e2 = s3.uploadPart(b -> b.bucket("meta").key("sdk/multi.bin").uploadId(id).partNumber(2),
        RequestBody.fromBytes(new byte[] {1, 2, 3})).eTag();
    String etag = s3.completeMultipartUpload(b -> b.bucket("meta").key("sdk/multi.bin").uploadId(id)
        .multipartUpload(CompletedMultipartUpload.builder().parts(
            CompletedPart.builder().partNumber(1).eTag(e1).build(),
            CompletedPart.builder().partNumber(2).eTag(e2).build()).build())).eTag();
    HeadObjectResponse multi = s3.headObject(b -> b.bucket("meta").key("sdk/multi.bin"));
    assertThat(multi.eTag()).isEqualTo(etag).endsWith("-2\"");
    assertThat(multi.cacheControl()).isEqualTo("max-age=99");
    assertThat(multi.contentDisposition()).isEqualTo("attachment");
    assertThat(multi.metadata()).containsExactlyEntriesOf(Map.of("parts", "two"));
    assertThat(rest.get("/v1/objects/sdk/multi.bin?bucket=meta").header("Cache-Control")).hasValue("max-age=99");
  }

  @Test
  void awsCliStoresTheStandardHeaders() throws Exception {
    String aws = S3Fixture.binary("aws", "/usr/bin/aws");
    Path config = dir.resolve("aws-config");
    Files.writeString(config, "[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n");
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", cred.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", cred.secret());
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", config.toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_PAGER", "");
    env.put("HOME", dir.toString());
    Path file = dir.resolve("cli.txt");
    Files.writeString(file, "from aws-cli\n");
    S3Fixture.run(dir, env, S3Fixture.cmd(aws, "--endpoint-url", silo.s3Url(), "s3", "cp", file.toString(),
        "s3://meta/cli/cli.txt", "--cache-control", "max-age=600", "--content-disposition", "attachment; filename=\"cli.txt\"",
        "--content-language", "nl", "--expires", "2031-01-01T00:00:00Z", "--metadata", "tool=aws-cli")).ok();
    S3Fixture.Run head = S3Fixture.run(dir, env, S3Fixture.cmd(aws, "--endpoint-url", silo.s3Url(), "s3api", "head-object",
        "--bucket", "meta", "--key", "cli/cli.txt")).ok();
    JsonNode h = new com.fasterxml.jackson.databind.ObjectMapper().readTree(head.out());
    assertThat(h.path("CacheControl").asText()).isEqualTo("max-age=600");
    assertThat(h.path("ContentDisposition").asText()).isEqualTo("attachment; filename=\"cli.txt\"");
    assertThat(h.path("ContentLanguage").asText()).isEqualTo("nl");
    assertThat(h.path("Expires").asText()).contains("2031");
    assertThat(h.path("Metadata").path("tool").asText()).isEqualTo("aws-cli");
    assertThat(rest.head("/v1/objects/cli/cli.txt?bucket=meta").header("Content-Language")).hasValue("nl");
  }

  // ------------------------------------------------------------ user metadata limits

  @Test
  void userMetadataIsAtMost2KiBOnEveryProtocol() {
    // 3 bytes of name + 2045 of value: exactly the limit
    assertThat(rest.put("/v1/objects/limit/at.txt", "x", "Content-Type", "text/plain",
        "X-Silo-Meta-Big", "v".repeat(2045)).status()).isEqualTo(201);
    assertError(rest.put("/v1/objects/limit/over.txt", "x", "Content-Type", "text/plain",
        "X-Silo-Meta-Big", "v".repeat(2046)), 400, "metadata_too_large");
    // UTF-8 bytes count, not characters: 700 x "é" is 1400 bytes, 1100 is 2200
    assertThat(rest.patch("/v1/info/limit/at.txt", "{\"metadata\":{\"e\":\"" + "é".repeat(700) + "\"}}").status()).isEqualTo(200);
    assertError(rest.patch("/v1/info/limit/at.txt", "{\"metadata\":{\"e\":\"" + "é".repeat(1100) + "\"}}"), 400, "metadata_too_large");

    assertThat(code(() -> s3.putObject(b -> b.bucket("meta").key("limit/s3.txt").metadata(Map.of("big", "v".repeat(2046))),
        RequestBody.fromString("x")))).isEqualTo("400 MetadataTooLarge");
    assertThat(code(() -> s3.createMultipartUpload(b -> b.bucket("meta").key("limit/mp.bin")
        .metadata(Map.of("big", "v".repeat(2046)))))).isEqualTo("400 MetadataTooLarge");
    s3.putObject(b -> b.bucket("meta").key("limit/source.txt"), RequestBody.fromString("src"));
    assertThat(code(() -> s3.copyObject(b -> b.sourceBucket("meta").sourceKey("limit/source.txt").destinationBucket("meta")
        .destinationKey("limit/copy.txt").metadataDirective(MetadataDirective.REPLACE)
        .metadata(Map.of("big", "v".repeat(2046)))))).isEqualTo("400 MetadataTooLarge");
    assertThat(code(() -> s3.headObject(b -> b.bucket("meta").key("limit/s3.txt")))).isEqualTo("404 NoSuchKey");
    assertThat(code(() -> s3.headObject(b -> b.bucket("meta").key("limit/copy.txt")))).isEqualTo("404 NoSuchKey");
  }

  @Test
  void aPatchWith800EntriesIsRefusedAndTheObjectStaysReadableEverywhere() {
    assertThat(rest.put("/v1/objects/attack/victim.txt", "still here", "Content-Type", "text/plain",
        "X-Silo-Acl", "public", "X-Silo-Meta-Owner", "me").status()).isEqualTo(201);
    StringBuilder entries = new StringBuilder("{\"metadata\":{");
    for (int i = 0; i < 800; i++) {
      entries.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }
    Api.Resp patch = rest.patch("/v1/info/attack/victim.txt", entries.append("}}").toString());
    assertError(patch, 400, "metadata_too_large");

    for (Api.Resp r : List.of(
        rest.get("/v1/objects/attack/victim.txt"),
        rest.head("/v1/objects/attack/victim.txt"),
        anon.get("/v1/public/meta/attack/victim.txt"),
        anon.head("/v1/public/meta/attack/victim.txt"))) {
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.header("X-Silo-Meta-Owner")).hasValue("me");
    }
    assertThat(s3.getObjectAsBytes(b -> b.bucket("meta").key("attack/victim.txt")).asUtf8String()).isEqualTo("still here");
    assertThat(s3.headObject(b -> b.bucket("meta").key("attack/victim.txt")).metadata())
        .containsExactlyEntriesOf(Map.of("owner", "me"));
    // 64 small entries are fine, 65 are too many however small
    StringBuilder many = new StringBuilder("{\"metadata\":{");
    for (int i = 0; i < 65; i++) {
      many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }
    assertError(rest.patch("/v1/info/attack/victim.txt", many.append("}}").toString()), 400, "metadata_too_large");
  }

  // ------------------------------------------------------------ reserved names and system facts

  @Test
  void reservedNamesAreRefusedAndCannotSetTheEtagS3ClientsSee() {
    String forged = "0123456789abcdef0123456789abcdef-7";
    assertError(rest.put("/v1/objects/forged.txt", "x", "Content-Type", "text/plain",
        "X-Silo-Meta-Silo-Multipart-Etag", forged), 400, "invalid_metadata");
    assertError(rest.put("/v1/objects/forged.txt", "x", "Content-Type", "text/plain",
        "X-Silo-Meta-X-Silo-Anything", "1"), 400, "invalid_metadata");
    assertThat(rest.put("/v1/objects/forged.txt", "x", "Content-Type", "text/plain").status()).isEqualTo(201);
    assertError(rest.patch("/v1/info/forged.txt", "{\"metadata\":{\"silo-multipart-etag\":\"" + forged + "\"}}"),
        400, "invalid_metadata");
    assertThat(code(() -> s3.putObject(b -> b.bucket("meta").key("forged.txt").metadata(Map.of("silo-multipart-etag", forged)),
        RequestBody.fromString("x")))).isEqualTo("400 InvalidArgument");
    assertThat(code(() -> s3.putObject(b -> b.bucket("meta").key("forged.txt").metadata(Map.of("x-silo-acl", "public")),
        RequestBody.fromString("x")))).isEqualTo("400 InvalidArgument");
    String md5 = rest.head("/v1/objects/forged.txt").header("ETag").orElseThrow();
    assertThat(s3.headObject(b -> b.bucket("meta").key("forged.txt")).eTag()).isEqualTo(md5).doesNotContain(forged);
  }

  @Test
  void aMetadataUpdateCannotDropSystemFacts() {
    String id = s3.createMultipartUpload(b -> b.bucket("meta").key("facts/multi.bin")).uploadId();
    String e1 = s3.uploadPart(b -> b.bucket("meta").key("facts/multi.bin").uploadId(id).partNumber(1),
        RequestBody.fromBytes(new byte[5 * 1024 * 1024])).eTag();
    String e2 = s3.uploadPart(b -> b.bucket("meta").key("facts/multi.bin").uploadId(id).partNumber(2),
        RequestBody.fromBytes(new byte[] {9})).eTag();
    String etag = s3.completeMultipartUpload(b -> b.bucket("meta").key("facts/multi.bin").uploadId(id)
        .multipartUpload(CompletedMultipartUpload.builder().parts(
            CompletedPart.builder().partNumber(1).eTag(e1).build(),
            CompletedPart.builder().partNumber(2).eTag(e2).build()).build())).eTag();
    assertThat(etag).endsWith("-2\"");

    JsonNode cleared = rest.patch("/v1/info/facts/multi.bin?bucket=meta", "{\"metadata\":{}}").json();
    assertThat(cleared.path("metadata").size()).isZero();
    rest.patch("/v1/info/facts/multi.bin?bucket=meta", "{\"metadata\":{\"a\":\"b\"},\"acl\":\"public\"}");
    HeadObjectResponse head = s3.headObject(b -> b.bucket("meta").key("facts/multi.bin"));
    assertThat(head.eTag()).isEqualTo(etag);
    assertThat(head.metadata()).containsExactlyEntriesOf(Map.of("a", "b"));
    // conditional reads still match the multipart ETag
    assertThat(s3.headObject(b -> b.bucket("meta").key("facts/multi.bin").ifMatch(etag)).eTag()).isEqualTo(etag);
    assertThat(rest.get("/v1/info/facts/multi.bin?bucket=meta").json().path("metadata").toString()).isEqualTo("{\"a\":\"b\"}");
  }
}
