package dev.silo.store.s3;

import dev.silo.core.spi.BlobStore;
import dev.silo.testkit.BlobStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BlobStore contract against a real S3 server (S3Proxy in its own process), in both layouts:
 * the contract's bucket space is a bucket per tenant, its prefix spaces share one bucket.
 */
class S3BlobStoreTest extends BlobStoreContract {
  @TempDir static Path proxyDir;
  private static S3ProxyProcess proxy;

  @BeforeAll
  static void startProxy() throws Exception {
    proxy = S3ProxyProcess.start(proxyDir);
  }

  @AfterAll
  static void stopProxy() {
    proxy.close();
  }

  @Override
  protected BlobStore newStore(Path tempDir) {
    return S3BlobStore.open(proxy.settings());
  }
}
