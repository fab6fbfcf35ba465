package dev.silo.server.process;

import dev.silo.store.s3.S3ProxyProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TusStreamingIT} on S3 (S3Proxy in its own process): the chunks go into multipart parts,
 * one part buffered per PATCH at most, so the server's memory stays flat there too.
 */
class TusStreamingOnS3IT {
  @TempDir static Path tmp;
  static S3ProxyProcess s3;
  static SiloProcess silo;
  static String apiKey;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyProcess.start(tmp.resolve("s3proxy"));
    silo = new SiloProcess("TusStreamingOnS3IT", tmp.resolve("data")).jvmOptions("-Xmx128m");
    s3.siloSettings().forEach(silo::env);
    silo.start();
    apiKey = silo.createTenant("acme");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (silo != null) {
      silo.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void twoGibInChunksWithASmallHeap() throws Exception {
    TusStreamingIT.uploadTwoGibWithFlatMemory(silo, apiKey, "S3");
  }
}
