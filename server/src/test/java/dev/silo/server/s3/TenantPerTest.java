package dev.silo.server.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.silo.server.it.TestSilo;
import dev.silo.testkit.MovableClock;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One Silo for a test class (on the store its extensions choose: the filesystem, or S3 with
 * {@code OnS3}), and a tenant of each test's own, named after the test, with an SDK client for it.
 */
abstract class TenantPerTest {
  @TempDir static Path dir;
  /** The server's clock: the system's time, which a test may move ahead (and must move back). */
  static final MovableClock clock = MovableClock.system();
  static TestSilo silo;
  S3Client s3;
  S3Fixture.Credential cred;
  String slug;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("silo"), java.util.Map.of(), clock);
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  /** The prefix of the tenants' slugs. */
  abstract String prefix();

  /** Each tenant's limits, as JSON. */
  abstract String limits();

  @BeforeEach
  void tenant(TestInfo info) {
    slug = prefix() + "-" + info.getTestMethod().orElseThrow().getName().toLowerCase().substring(0, 12);
    cred = S3Fixture.tenant(silo, slug, limits(), null);
    s3 = SdkClients.client(silo.s3Url(), cred.accessKeyId(), cred.secret());
  }

  @AfterEach
  void close() {
    s3.close();
  }

  static byte[] random(int size, int seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  byte[] get(String key) {
    return s3.getObjectAsBytes(b -> b.bucket(slug).key(key)).asByteArray();
  }

  JsonNode usage() {
    return cred.api().get("/v1/tenant").json().get("usage");
  }
}
