package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.http.HttpDate;
import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Date headers on REST, S3 and TUS are IMF-fixdate, and {@code If-Range} (entity tag or date)
 * decides between the range and the whole object on REST and S3 GETs, as RFC 9110 says.
 */
class HttpDatesAndIfRangeTest {
  private static final Pattern IMF_FIXDATE =
      Pattern.compile("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
  private static final String BODY = "0123456789abcdefghij";

  @TempDir static Path dir;
  static TestSilo silo;
  static Api api;
  static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("silo"));
    S3Fixture.Credential cred = S3Fixture.tenant(silo, "dates", null, null);
    api = cred.api();
    s3 = SdkClients.client(silo.s3Url(), cred.accessKeyId(), cred.secret());
    assertThat(api.put("/v1/objects/range.txt", BODY, "Content-Type", "text/plain").status()).isIn(200, 201);
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
    silo.close();
  }

  @Test
  void everyDateHeaderIsImfFixdate() {
    Api.Resp get = api.get("/v1/objects/range.txt");
    assertThat(get.header("Last-Modified").orElseThrow()).matches(IMF_FIXDATE);
    Api.Resp tus = api.send("POST", "/v1/tus/", HttpRequest.BodyPublishers.noBody(), "Tus-Resumable", "1.0.0",
        "Upload-Length", "5", "Upload-Metadata", "filename " + Base64.getEncoder().encodeToString("a.txt".getBytes(StandardCharsets.UTF_8)));
    assertThat(tus.status()).as(tus.body()).isEqualTo(201);
    assertThat(tus.header("Upload-Expires").orElseThrow()).matches(IMF_FIXDATE);
    GetObjectResponse s3Get = s3.getObject(b -> b.bucket("dates").key("range.txt")).response();
    assertThat(s3Get.sdkHttpResponse().firstMatchingHeader("Last-Modified").orElseThrow()).matches(IMF_FIXDATE);
  }

  @Test
  void ifRangeOnRest() {
    Api.Resp whole = api.get("/v1/objects/range.txt");
    String etag = whole.header("ETag").orElseThrow();
    String lastModified = whole.header("Last-Modified").orElseThrow();
    String earlier = HttpDate.format(HttpDate.parse(lastModified).minusSeconds(60));

    assertRange(api.get("/v1/objects/range.txt", "Range", "bytes=0-3", "If-Range", etag), 206, "0123");
    assertRange(api.get("/v1/objects/range.txt", "Range", "bytes=0-3", "If-Range", lastModified), 206, "0123");
    assertRange(api.get("/v1/objects/range.txt", "Range", "bytes=0-3", "If-Range", "\"not-the-etag\""), 200, BODY);
    assertRange(api.get("/v1/objects/range.txt", "Range", "bytes=0-3", "If-Range", "W/" + etag), 200, BODY);
    assertRange(api.get("/v1/objects/range.txt", "Range", "bytes=0-3", "If-Range", earlier), 200, BODY);
    assertRange(api.get("/v1/objects/range.txt", "Range", "bytes=0-3", "If-Range", "not a date"), 200, BODY);
    assertRange(api.get("/v1/objects/range.txt", "If-Range", "\"not-the-etag\""), 200, BODY);
  }

  private static void assertRange(Api.Resp r, int status, String body) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.body()).isEqualTo(body);
    assertThat(r.header("Content-Range").isPresent()).isEqualTo(status == 206);
  }

  @Test
  void ifRangeOnS3() {
    String etag = s3.headObject(b -> b.bucket("dates").key("range.txt")).eTag();
    Instant modified = s3.headObject(b -> b.bucket("dates").key("range.txt")).lastModified();
    assertThat(s3Range(etag)).isEqualTo("0123");
    assertThat(s3Range(HttpDate.format(modified))).isEqualTo("0123");
    assertThat(s3Range("\"0000\"")).isEqualTo(BODY);
    assertThat(s3Range(HttpDate.format(modified.minusSeconds(3600)))).isEqualTo(BODY);
  }

  private static String s3Range(String ifRange) {
    ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> b.bucket("dates").key("range.txt").range("bytes=0-3")
        .overrideConfiguration(o -> o.putHeader("If-Range", ifRange)));
    return r.asUtf8String();
  }
}
