package dev.silo.server.it;

import dev.silo.store.s3.S3ProxyProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs an HTTP test class on the S3 backend: starts S3Proxy (a real S3 server, filesystem
 * provider, its own JVM on loopback) before the class and makes every {@link TestSilo} of the
 * class use it. A test class gets this by a two-line subclass, so the same tests and assertions
 * run on both backends:
 *
 * <pre>{@code
 * @ExtendWith(OnS3.BucketPerTenant.class)
 * class ObjectApiOnS3Test extends ObjectApiTest {}
 * }</pre>
 *
 * <p>It composes with {@link OnPostgres} ({@code @ExtendWith({OnPostgres.class,
 * OnS3.SharedPrefix.class})}) for the production combination.
 */
public abstract class OnS3 implements BeforeAllCallback, AfterAllCallback {

  /** {@code SILO_TENANCY=bucket}: a backend bucket per tenant, named by the default template. */
  public static final class BucketPerTenant extends OnS3 {
    @Override
    Map<String, String> tenancy() {
      return Map.of("SILO_TENANCY", "bucket");
    }
  }

  /** {@code SILO_TENANCY=prefix}: one shared bucket, each tenant under {@code tenants/<id>/}. */
  public static final class SharedPrefix extends OnS3 {
    @Override
    Map<String, String> tenancy() {
      return Map.of("SILO_TENANCY", "prefix", "SILO_STORAGE_S3_BUCKET", "silo-test-shared");
    }
  }

  abstract Map<String, String> tenancy();

  /** Per layout, so that two registrations on one class never share (and leak) a handle. */
  private ExtensionContext.Namespace ns() {
    return ExtensionContext.Namespace.create(OnS3.class, getClass());
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path dir = Files.createTempDirectory("silo-s3proxy-");
    S3ProxyProcess proxy = S3ProxyProcess.start(dir);
    context.getStore(ns()).put("proxy", proxy);
    context.getStore(ns()).put("dir", dir);
    Map<String, String> settings = new HashMap<>(proxy.siloSettings());
    settings.putAll(tenancy());
    context.getStore(ns()).put("backend", TestSilo.useBackend(settings));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    AutoCloseable backend = context.getStore(ns()).remove("backend", AutoCloseable.class);
    if (backend != null) {
      backend.close();
    }
    S3ProxyProcess proxy = context.getStore(ns()).remove("proxy", S3ProxyProcess.class);
    if (proxy != null) {
      proxy.close();
    }
    Path dir = context.getStore(ns()).remove("dir", Path.class);
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
