package dev.silo.server.s3;

import static dev.silo.server.s3.S3Fixture.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.silo.server.it.TestSilo;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * boto3 (Debian's python3-boto3) as the client that still signs with Signature V2 (header and
 * presigned URL) and sends non-ASCII metadata as UTF-8 bytes; runs
 * {@code src/test/resources/boto3/clients.py}.
 */
@ExtendWith(NoErrorLogs.class)
class Boto3Test {
  @TempDir Path dir;

  JsonNode run(TestSilo silo, String bucket, S3Fixture.Credential cred, S3Fixture.Credential scoped, String mode) throws Exception {
    String python = S3Fixture.binary("python3", "/usr/bin/python3");
    Path script = dir.resolve("clients.py");
    try (InputStream in = Boto3Test.class.getResourceAsStream("/boto3/clients.py")) {
      Files.copy(in, script);
    }
    Map<String, String> env = new HashMap<>();
    env.put("SILO_S3", silo.s3Url());
    env.put("SILO_BUCKET", bucket);
    env.put("SILO_KEY", cred.accessKeyId());
    env.put("SILO_SECRET", cred.secret());
    env.put("SILO_OTHER_BUCKET", "other-bucket");
    env.put("SILO_SCOPED_KEY", scoped.accessKeyId());
    env.put("SILO_SCOPED_SECRET", scoped.secret());
    env.put("HOME", dir.toString());
    S3Fixture.Run r = S3Fixture.run(dir, env, cmd(python, script.toString(), mode));
    if (r.err().contains("No module named 'boto3'")) {
      org.junit.jupiter.api.Assumptions.abort("boto3 is not installed: apt-get install python3-boto3 (.ci/run installs it)");
    }
    r.ok();
    return new ObjectMapper().readTree(r.out());
  }

  @Test
  void signatureV2AndUtf8MetadataFromBoto3() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("silo"))) {
      S3Fixture.Credential cred = S3Fixture.tenant(silo, "boto", "{\"max_buckets\":2}", null);
      S3Fixture.Credential scoped = S3Fixture.credential(cred.api(), "boto");
      try (S3Client s3 = SdkClients.client(silo.s3Url(), cred.accessKeyId(), cred.secret())) {
        s3.createBucket(b -> b.bucket("other-bucket"));
      }
      JsonNode out = run(silo, "boto", cred, scoped, "full");

      // UTF-8 bytes sent and signed by boto3 verify, and are stored as the text they encode
      assertThat(cred.api().get("/v1/info/utf8/v4.txt").json().path("metadata").path("city").asText()).isEqualTo("Z\u00fcrich \u20ac");
      assertThat(cred.api().get("/v1/info/utf8/v2.txt").json().path("metadata").path("city").asText()).isEqualTo("K\u00f8benhavn \u20ac");
      assertThat(out.path("latin_back").asText()).isEqualTo("Hello World\u00e9");

      assertThat(out.path("v2_get").asText()).isEqualTo("hello v2");
      assertThat(out.path("v2_meta").path("by").asText()).isEqualTo("v2");
      assertThat(out.path("v2_list").toString()).isEqualTo("[\"v2/hello.txt\"]");
      assertThat(out.path("v2_range").asText()).isEqualTo("v2");
      assertThat(out.path("presigned_is_v2").asBoolean()).isTrue();
      assertThat(out.path("presigned_get").asText()).isEqualTo("200 hello v2");
      assertThat(out.path("presigned_put").asText()).isEqualTo("200 ");
      assertThat(out.path("presigned_put_back").asText()).isEqualTo("put by url");
      assertThat(out.path("presigned_tampered").asText()).isEqualTo("403");
      assertThat(out.path("presigned_expired").asText()).isEqualTo("403");
      assertThat(out.path("v2_bad_secret").asText()).isEqualTo("403 SignatureDoesNotMatch");
      assertThat(out.path("v2_scoped_own").asText()).isEqualTo("none");
      assertThat(out.path("v2_scoped_other").asText()).isEqualTo("403 AccessDenied");
    }
  }

  @Test
  void signatureV2CanBeTurnedOff() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("silo"), Map.of("SILO_S3_SIGV2", "false"))) {
      S3Fixture.Credential cred = S3Fixture.tenant(silo, "nov2", null, null);
      JsonNode out = run(silo, "nov2", cred, cred, "v2-off");
      assertThat(out.path("v2").asText()).isEqualTo("400 InvalidRequest");
    }
  }
}
