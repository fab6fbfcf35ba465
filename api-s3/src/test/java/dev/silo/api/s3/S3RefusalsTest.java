package dev.silo.api.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.core.support.IdGenerator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What the S3 port says of a request Jetty refuses itself: S3's error document with S3's codes.
 * (Over a socket a refusal of headers too large can race the client still sending them, so its
 * wording is proven here; {@code S3ConformanceTest} proves the handler answers on the port.)
 */
class S3RefusalsTest {
  private final S3Refusals refusals = new S3Refusals(IdGenerator.secure());

  private String body(int status, String path) {
    return new String(refusals.body(status, "REQ123", path), StandardCharsets.UTF_8);
  }

  @Test
  void eachRefusalHasTheCodeS3GivesIt() {
    assertThat(body(431, "/b/k")).contains("<Code>RequestHeaderSectionTooLarge</Code>");
    assertThat(body(414, "/b/k")).contains("<Code>InvalidURI</Code>");
    assertThat(body(413, "/b/k")).contains("<Code>EntityTooLarge</Code>");
    assertThat(body(400, "/b/k")).contains("<Code>InvalidRequest</Code>");
    assertThat(body(500, "/b/k")).contains("<Code>InternalError</Code>");
  }

  @Test
  void theDocumentNamesTheResourceAndTheRequestAndNoJavaType() {
    String xml = body(400, "/bucket/a b");
    assertThat(xml).startsWith("<?xml").contains("<Error>").contains("<Resource>/bucket/a b</Resource>")
        .contains("<RequestId>REQ123</RequestId>").doesNotContain("Exception").doesNotContain("<html");
    assertThat(body(400, null)).as("no request at all: no resource").doesNotContain("<Resource>");
    assertThat(refusals.requestId(null)).matches("[0-9A-Z]{16}");
    assertThat(refusals.contentType()).isEqualTo("application/xml");
    assertThat(refusals.idHeader()).isEqualTo("x-amz-request-id");
  }
}
