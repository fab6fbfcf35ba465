package dev.silo.server.it;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Two Silo nodes over the same metadata database with one master key, as two replicas behind a
 * load balancer would run: what one node writes or revokes, the other must see.
 */
record TwoNodes(TestSilo a, TestSilo b) implements AutoCloseable {
  static TwoNodes start(Path dir) throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Map<String, String> shared = Map.of("SILO_MASTER_KEY", Base64.getEncoder().encodeToString(key));
    TestSilo a = TestSilo.start(dir.resolve("a"), shared);
    try {
      return new TwoNodes(a, TestSilo.start(dir.resolve("b"), shared));
    } catch (Exception | Error e) {
      a.close();
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      b.close();
    } finally {
      a.close();
    }
  }
}
