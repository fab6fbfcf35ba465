package dev.silo.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.BlobStore;
import dev.silo.testkit.MultipartBlobsContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Assembling a blob from parts across several inputs, as resumable uploads do, on a real S3 server. */
class S3MultipartBlobsTest extends MultipartBlobsContract {
  @TempDir static Path proxyDir;
  private static S3ProxyProcess proxy;
  private static S3BlobStore s3store;

  @BeforeAll
  static void start() throws Exception {
    proxy = S3ProxyProcess.start(proxyDir);
    s3store = S3BlobStore.open(proxy.settings());
  }

  @AfterAll
  static void stop() throws IOException {
    s3store.close();
    proxy.close();
  }

  @Override
  protected BlobStore store() {
    return s3store;
  }

  @Test
  void destroyingASpaceAbortsItsUnfinishedAssembliesAndOnlyThose() throws IOException {
    StorageSpace doomed = new StorageSpace("silo-assembly-shared", "tenants/doomed/");
    StorageSpace kept = new StorageSpace("silo-assembly-shared", "tenants/kept/");
    store.provision(doomed);
    BlobName name = newName();
    String inDoomed = multipart.begin(doomed, name);
    multipart.upload(doomed, name, inDoomed, 1, new ByteArrayInputStream(bytes(multipart.partSize())), -1, (r, n) -> {});
    String inKept = multipart.begin(kept, name);
    try (SdkS3Port port = new SdkS3Port(proxy.settings())) {
      assertThat(port.unfinishedUploads(doomed.container(), doomed.prefix())).hasSize(1);

      store.destroy(doomed);

      assertThat(port.unfinishedUploads(doomed.container(), doomed.prefix())).isEmpty();
      assertThat(port.unfinishedUploads(kept.container(), kept.prefix()))
          .extracting(S3Port.Unfinished::uploadId).containsExactly(inKept);
    }
    multipart.abort(kept, name, inKept);
  }
}
