package dev.silo.server.version;

import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.tenant.TenancyLayout;
import dev.silo.metadata.jdbc.JdbcMetadataStore;
import dev.silo.store.s3.S3BlobStore;
import dev.silo.store.s3.S3ProxyProcess;
import dev.silo.testkit.PostgresSandbox;
import dev.silo.testkit.VersioningContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link VersioningContract} in production shape: PostgreSQL as an app role bound by row-level
 * security (a schema per test; skipped without {@code SILO_TEST_DATABASE_URL}) and S3 (S3Proxy,
 * a bucket per tenant), with the test's clock.
 */
class VersioningOnPostgresS3Test extends VersioningContract {
  private static S3ProxyProcess proxy;
  private static Path proxyDir;
  private PostgresSandbox sandbox;

  @BeforeAll
  static void startProxy() throws Exception {
    Assumptions.assumeTrue(PostgresSandbox.configured(), PostgresSandbox.SKIPPED);
    proxyDir = Files.createTempDirectory("silo-s3proxy-");
    proxy = S3ProxyProcess.start(proxyDir);
  }

  @AfterAll
  static void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Override
  protected MetadataStore newMetadata() throws Exception {
    sandbox = PostgresSandbox.create();
    return JdbcMetadataStore.open(sandbox.appUrl(), sandbox.ownerUrl());
  }

  @Override
  protected BlobStore newBlobs() {
    return S3BlobStore.open(proxy.settings());
  }

  @Override
  protected TenancyLayout layout() {
    return new TenancyLayout.BucketPerTenant("{app}-{env}-tenant-{slug}", "silo", "versioning" + Long.toString(System.nanoTime(), 36));
  }

  @Override
  protected void afterStoresClosed() throws Exception {
    if (sandbox != null) {
      sandbox.close();
    }
  }
}
