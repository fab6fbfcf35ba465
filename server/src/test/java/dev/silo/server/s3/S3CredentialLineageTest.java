package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3 credentials as issuers and as issued: a credential made by a narrower key never holds a
 * scope the key lacks (so an S3 client cannot widen a REST key), and what an S3 credential
 * signed, presigned URLs included, dies with it, or with its tenant.
 */
@ExtendWith(NoErrorLogs.class)
class S3CredentialLineageTest {
  @TempDir static Path dir;
  static TestSilo silo;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("silo"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (silo != null) {
      silo.close();
    }
  }

  @Test
  void aCredentialMadeByAReadAndAdminKeyCannotWrite() throws Exception {
    Api full = silo.tenant("s3-grow");
    full.put("/v1/objects/a.txt", "hello", "Content-Type", "text/plain");
    Api.Resp k = silo.operator().post("/v1/tenants/s3-grow/keys", "{\"scopes\":[\"read\",\"admin\"]}");
    Api readAdmin = silo.as(k.json().path("key").asText());
    Api.Resp made = readAdmin.post("/v1/s3-credentials", "{\"description\":\"laptop\"}");
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    assertThat(made.json().path("scopes").toString()).contains("read").contains("admin").doesNotContain("write");
    assertThat(readAdmin.post("/v1/s3-credentials", "{\"scopes\":[\"write\"]}").status()).isEqualTo(403);
    try (S3Client s3 = SdkClients.client(silo.s3Url(), made.json().path("access_key_id").asText(),
        made.json().path("secret_access_key").asText())) {
      assertThat(s3.getObjectAsBytes(b -> b.bucket("s3-grow").key("a.txt")).asUtf8String()).isEqualTo("hello");
      assertThat(code(() -> s3.putObject(b -> b.bucket("s3-grow").key("b.txt"), RequestBody.fromString("x"))))
          .isEqualTo("403 AccessDenied");
      assertThat(code(() -> s3.deleteObject(b -> b.bucket("s3-grow").key("a.txt")))).isEqualTo("403 AccessDenied");
    }
  }

  @Test
  void presignedUrlsDieWithTheirCredentialAndTenant() throws Exception {
    S3Fixture.Credential c = S3Fixture.tenant(silo, "s3-rev", null, null);
    S3Fixture.Credential other = S3Fixture.credential(c.api(), null);
    c.api().put("/v1/objects/doc.txt", "document", "Content-Type", "text/plain");
    URI url;
    URI otherUrl;
    try (S3Presigner p = SdkClients.presigner(silo.s3Url(), c.accessKeyId(), c.secret());
        S3Presigner q = SdkClients.presigner(silo.s3Url(), other.accessKeyId(), other.secret())) {
      url = p.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(10))
          .getObjectRequest(g -> g.bucket("s3-rev").key("doc.txt"))).url().toURI();
      otherUrl = q.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(10))
          .getObjectRequest(g -> g.bucket("s3-rev").key("doc.txt"))).url().toURI();
    }
    assertThat(get(url).statusCode()).isEqualTo(200);
    assertThat(c.api().delete("/v1/s3-credentials/" + c.accessKeyId()).status()).isEqualTo(204);
    HttpResponse<String> revoked = get(url);
    assertThat(revoked.statusCode()).isEqualTo(403);
    assertThat(revoked.body()).contains("<Code>InvalidAccessKeyId</Code>");
    assertThat(get(otherUrl).body()).as("another credential's URL lives on").isEqualTo("document");

    assertThat(silo.operator().patch("/v1/tenants/s3-rev", "{\"status\":\"suspended\"}").status()).isEqualTo(200);
    assertThat(get(otherUrl).statusCode()).isEqualTo(403);
    assertThat(silo.operator().delete("/v1/tenants/s3-rev").status()).isEqualTo(204);
    assertThat(get(otherUrl).statusCode()).isEqualTo(403);
  }

  private static HttpResponse<String> get(URI url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  private static String code(Runnable r) {
    try {
      r.run();
      return "none";
    } catch (S3Exception e) {
      return e.statusCode() + " " + e.awsErrorDetails().errorCode();
    }
  }
}
