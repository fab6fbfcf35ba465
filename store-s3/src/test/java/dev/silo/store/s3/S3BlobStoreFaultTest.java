package dev.silo.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.BlobNotFoundException;
import dev.silo.testkit.TriggeringInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the store does when the backend dies, hangs or lacks a bucket: real processes, no mocks. */
class S3BlobStoreFaultTest {
  private static final int MIB = 1024 * 1024;
  private static final StorageSpace SPACE = new StorageSpace("silo-fault-bucket", "tenants/t1/");

  @TempDir Path dir;
  private S3ProxyProcess proxy;
  private S3BlobStore store;

  @AfterEach
  void tearDown() throws IOException {
    if (store != null) {
      store.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void backendKilledMidUploadFailsTheWriteAndLeavesNothingAfterRestart() throws Exception {
    proxy = S3ProxyProcess.start(dir);
    store = S3BlobStore.open(proxy.settings());
    store.provision(SPACE);
    BlobName name = blobName();
    // 20 MiB in 8 MiB parts: a multipart upload starts and part 1 reaches the backend, then the
    // backend dies while part 2 is read; the part 2 upload fails and the abort cannot reach it.
    InputStream in = new TriggeringInputStream(20 * MIB, 10 * MIB, proxy::stop);

    assertThatThrownBy(() -> store.write(SPACE, name, in)).isInstanceOf(IOException.class);
    assertThatThrownBy(store::check).isInstanceOf(IOException.class);

    proxy.restart();
    assertThat(store.size(SPACE, name)).isEmpty();
    assertThatThrownBy(() -> store.read(SPACE, name, null)).isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void stoppedBackendFailsCheckAndEveryCallWithIOException() throws Exception {
    proxy = S3ProxyProcess.start(dir);
    store = S3BlobStore.open(proxy.settings());
    store.provision(SPACE);
    store.check();
    proxy.stop();

    long start = System.nanoTime();
    assertThatThrownBy(store::check).isInstanceOf(IOException.class);
    store.checkWith(SPACE.container());
    assertThatThrownBy(store::check).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> store.size(SPACE, blobName())).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> store.write(SPACE, blobName(), new ByteArrayInputStream(new byte[10])))
        .isInstanceOf(IOException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void hungBackendTimesOutWithinTheConfiguredBound() throws Exception {
    // accepts connections and never answers
    try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor = Thread.ofVirtual().start(() -> {
        try {
          while (true) {
            accepted.add(hung.accept());
          }
        } catch (IOException closed) {
          // test over
        }
      });
      S3StoreSettings settings =
          S3StoreSettings.of(URI.create("http://127.0.0.1:" + hung.getLocalPort()), "us-east-1", "k", "s")
              .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(800))
              .withMaxAttempts(1);
      store = S3BlobStore.open(settings);

      long start = System.nanoTime();
      assertThatThrownBy(() -> store.size(SPACE, blobName())).isInstanceOf(IOException.class);
      assertThatThrownBy(store::check).isInstanceOf(IOException.class);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1600)).isLessThan(Duration.ofSeconds(5));
      hung.close();
      acceptor.join();
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void requireProvisioningNamesTheMissingBucketAndCreateMakesIt() throws Exception {
    proxy = S3ProxyProcess.start(dir);
    StorageSpace tenant = new StorageSpace("silo-dev-tenant-acme", "");
    try (S3BlobStore strict =
        S3BlobStore.open(proxy.settings().withProvisioning(S3StoreSettings.Provisioning.REQUIRE))) {
      assertThatThrownBy(() -> strict.provision(tenant))
          .isInstanceOf(S3BlobStore.MissingBucketException.class)
          .hasMessageContaining("'silo-dev-tenant-acme'")
          .hasMessageContaining("SILO_BUCKET_PROVISIONING");

      strict.checkWith("silo-dev-tenant-acme");
      assertThatThrownBy(strict::check).hasMessageContaining("'silo-dev-tenant-acme' does not exist");

      store = S3BlobStore.open(proxy.settings());
      store.provision(tenant);
      strict.provision(tenant); // exists now: fine
      strict.check();
    }
  }

  @Test
  void destroyPagesThroughMoreThanOneListingPage() throws Exception {
    proxy = S3ProxyProcess.start(dir);
    store = S3BlobStore.open(proxy.settings());
    StorageSpace tenant = new StorageSpace("silo-dev-tenant-many", "");
    store.provision(tenant);
    List<BlobName> names = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      BlobName n = blobName();
      names.add(n);
    }
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
      for (BlobName n : names) {
        pool.submit(() -> store.write(tenant, n, new ByteArrayInputStream(new byte[1])));
      }
    }

    store.destroy(tenant);

    assertThat(store.size(tenant, names.getLast())).isEmpty();
    try (S3BlobStore strict =
        S3BlobStore.open(proxy.settings().withProvisioning(S3StoreSettings.Provisioning.REQUIRE))) {
      assertThatThrownBy(() -> strict.provision(tenant)).isInstanceOf(S3BlobStore.MissingBucketException.class);
    }
  }

  private static BlobName blobName() {
    return new BlobName("b" + UUID.randomUUID().toString().replace("-", ""));
  }
}
