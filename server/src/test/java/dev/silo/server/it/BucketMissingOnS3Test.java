package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code SILO_BUCKET_PROVISIONING=require} a tenant whose bucket was not made first is the
 * operator's to fix, on a backend that is up: a 409 naming the bucket, not a 503.
 */
@ExtendWith(OnS3.BucketPerTenant.class)
class BucketMissingOnS3Test {
  @TempDir Path dir;

  @Test
  void aMissingRequiredBucketIsAConflictNamingIt() throws Exception {
    try (TestSilo silo = TestSilo.start(dir.resolve("data"), Map.of("SILO_BUCKET_PROVISIONING", "require"))) {
      assertThat(silo.anonymous().get("/readyz").status()).as("the backend is up").isEqualTo(200);
      Api.Resp r = silo.operator().post("/v1/tenants", "{\"slug\":\"needs-bucket\",\"name\":\"n\"}");
      assertThat(r.status()).as(r.body()).isEqualTo(409);
      assertThat(r.errorCode()).isEqualTo("bucket_missing");
      assertThat(r.json().path("error").path("message").asText())
          .contains("silo-dev-tenant-needs-bucket").contains("SILO_BUCKET_PROVISIONING");
      assertThat(silo.operator().get("/v1/tenants/needs-bucket").status()).as("nothing half made").isEqualTo(404);
    }
  }
}
