package dev.silo.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.Api;
import dev.silo.store.s3.S3ProxyProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar, as an operator runs it, on the S3 backend: proves that what the S3 store
 * needs at run time is packaged (in-process tests cannot, their class path has everything).
 */
class S3BackendJarIT {
  @TempDir Path dir;

  @Test
  void theShippedJarServesObjectsFromAnS3Backend() throws Exception {
    try (S3ProxyProcess s3 = S3ProxyProcess.start(dir.resolve("s3proxy"));
        SiloProcess silo = new SiloProcess("s3-backend", dir.resolve("data"))) {
      s3.siloSettings().forEach(silo::env);
      silo.start();
      Api tenant = silo.as(silo.createTenant("jar-on-s3"));
      assertThat(tenant.put("/v1/objects/a/b.txt", "from the jar", "Content-Type", "text/plain").status()).isEqualTo(201);
      assertThat(tenant.get("/v1/objects/a/b.txt").body()).isEqualTo("from the jar");
      assertThat(silo.operator().get("/readyz").status()).isEqualTo(200);
    }
  }
}
