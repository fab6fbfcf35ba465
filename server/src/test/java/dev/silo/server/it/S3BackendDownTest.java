package dev.silo.server.it;

import static dev.silo.server.it.Checks.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.store.s3.S3ProxyProcess;
import dev.silo.testkit.TriggeringInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Silo on S3 when the backend goes away: clean 503s, readiness failing, and after the backend
 * returns, nothing of the failed uploads is visible (no object, no orphan metadata).
 */
class S3BackendDownTest {
  private static final int MIB = 1024 * 1024;

  @TempDir Path dir;
  private S3ProxyProcess proxy;
  private TestSilo silo;

  @AfterEach
  void stop() throws Exception {
    if (silo != null) {
      silo.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  private Api start(String tenancy) throws Exception {
    proxy = S3ProxyProcess.start(dir.resolve("s3"));
    Map<String, String> settings = new HashMap<>(proxy.siloSettings());
    settings.put("SILO_TENANCY", tenancy);
    settings.put("SILO_STORAGE_S3_READ_TIMEOUT", "5s");
    silo = TestSilo.start(dir.resolve("data"), settings);
    return silo.tenant("acme");
  }

  @Test
  void backendStoppedGives503AndReadinessFails() throws Exception {
    Api acme = start("bucket");
    // over SILO_INLINE_MAX: these are blobs of the backend
    String kept = "kept".repeat(20_000);
    assertThat(acme.put("/v1/objects/kept.txt", kept, "Content-Type", "text/plain").status()).isEqualTo(201);
    assertThat(acme.put("/v1/objects/small.txt", "small", "Content-Type", "text/plain").status()).isEqualTo(201);
    assertThat(silo.anonymous().get("/readyz").status()).isEqualTo(200);

    proxy.stop();

    assertError(acme.put("/v1/objects/lost.txt", "lost".repeat(20_000), "Content-Type", "text/plain"), 503, "backend_unavailable");
    assertError(acme.get("/v1/objects/kept.txt"), 503, "backend_unavailable");
    assertThat(silo.anonymous().get("/readyz").status()).isEqualTo(503);
    // small objects are rows of the metadata store: the backend is not needed to read or write them
    assertThat(acme.get("/v1/objects/small.txt").body()).isEqualTo("small");
    assertThat(acme.put("/v1/objects/small-2.txt", "small 2", "Content-Type", "text/plain").status()).isEqualTo(201);

    proxy.restart();

    assertThat(acme.get("/v1/objects/kept.txt").body()).isEqualTo(kept);
    assertError(acme.get("/v1/objects/lost.txt"), 404, "object_not_found");
    assertThat(acme.get("/v1/objects").json().path("items")).hasSize(3);
    assertThat(silo.anonymous().get("/readyz").status()).isEqualTo(200);
  }

  @Test
  void backendKilledMidUploadGives503AndLeavesNothing() throws Exception {
    Api acme = start("prefix");
    assertThat(acme.put("/v1/objects/kept.txt", "kept", "Content-Type", "text/plain").status()).isEqualTo(201);

    // 24 MiB: the first 8 MiB part reaches the backend, then it is killed mid-stream
    InputStream body = new TriggeringInputStream(24L * MIB, 12L * MIB, proxy::stop);
    Api.Resp r =
        acme.send("PUT", "/v1/objects/big.bin", HttpRequest.BodyPublishers.ofInputStream(() -> body),
            "Content-Type", "application/octet-stream");
    assertError(r, 503, "backend_unavailable");

    proxy.restart();

    assertError(acme.get("/v1/objects/big.bin"), 404, "object_not_found");
    assertThat(acme.get("/v1/objects").json().path("items")).hasSize(1);
    assertThat(acme.get("/v1/tenant").json().at("/usage/objects").asLong()).isEqualTo(1);
    assertThat(silo.awaitBlobs("acme", 0)).as("kept.txt is inline; nothing of big.bin is left").isEmpty();
  }
}
