package dev.silo.server.it;

import dev.silo.server.Config;
import dev.silo.server.Silo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real Silo started in this JVM on a free port with its own data directory: the real HTTP
 * server, the real SQLite metadata store and the real filesystem blob store.
 */
public final class TestSilo implements AutoCloseable {
  public static final String ADMIN = "test-operator-token-0123456789abcdef";

  /**
   * Settings every start merges in beneath its own: the backend a test class runs on (a database,
   * a blob store), registered by an extension such as {@link OnPostgres} before the class's
   * {@code @BeforeAll} and removed after its {@code @AfterAll}, so that one suite runs unchanged
   * on every backend. Keyed by whoever registered them; test classes run one at a time.
   */
  private static final Map<Object, Map<String, String>> BACKEND = new ConcurrentHashMap<>();

  private final Silo silo;
  private final Path dataDir;
  private final Map<String, String> settings;

  private TestSilo(Silo silo, Path dataDir, Map<String, String> settings) {
    this.silo = silo;
    this.dataDir = dataDir;
    this.settings = Map.copyOf(settings);
  }

  public static TestSilo start(Path dataDir) throws Exception {
    return start(dataDir, Map.of());
  }

  public static TestSilo start(Path dataDir, Map<String, String> settings) throws Exception {
    return start(dataDir, settings, java.time.Clock.systemUTC());
  }

  /** A server on {@code clock}, which the test moves (requests are signed with the real time: move it back for them). */
  public static TestSilo start(Path dataDir, Map<String, String> settings, java.time.Clock clock) throws Exception {
    Files.createDirectories(dataDir);
    Map<String, String> s = new HashMap<>();
    s.put("SILO_PORT", "0");
    s.put("SILO_HOST", "127.0.0.1");
    s.put("SILO_DATA_DIR", dataDir.toString());
    s.put("SILO_ADMIN_TOKEN", ADMIN);
    s.put("SILO_S3_PORT", "0");
    BACKEND.values().forEach(s::putAll);
    s.putAll(settings);
    return new TestSilo(Silo.start(Config.load(s, Map.of()), clock), dataDir, s);
  }

  /** Merges {@code settings} into every start until the returned handle is closed. */
  public static AutoCloseable useBackend(Map<String, String> settings) {
    Object owner = new Object();
    BACKEND.put(owner, Map.copyOf(settings));
    return () -> BACKEND.remove(owner);
  }

  public String url() {
    return scheme() + "://127.0.0.1:" + silo.port();
  }

  /** The S3 endpoint, path-style: {@code http(s)://127.0.0.1:<s3 port>}. */
  public String s3Url() {
    return scheme() + "://127.0.0.1:" + silo.s3Port();
  }

  private String scheme() {
    return settings.containsKey("SILO_TLS_CERT") ? "https" : "http";
  }

  /** The Silo itself, for what only it can do (reloading its certificate now). */
  public Silo silo() {
    return silo;
  }

  public List<dev.silo.api.s3.S3Server.Operation> s3Operations() {
    return silo.s3Operations();
  }

  public Path dataDir() {
    return dataDir;
  }

  /**
   * The blobs in a tenant's storage space, on whichever backend and layout this Silo runs,
   * waiting a few seconds for there to be {@code n} (old blobs are deleted after commit).
   */
  public List<String> awaitBlobs(String slug, int n) throws Exception {
    return TenantBlobs.await(this, settings, slug, n);
  }

  /** The tenant's stored blobs as they are now. */
  public List<String> blobs(String slug) throws Exception {
    return TenantBlobs.list(this, settings, slug);
  }

  /** The tenant's stored blobs once none of {@code gone} is among them (waits up to 5 s). */
  public List<String> awaitBlobsGone(String slug, java.util.Collection<String> gone) throws Exception {
    return TenantBlobs.awaitGone(this, settings, slug, gone);
  }

  /** Every blob of the tenant's space as stored (ciphertext when encrypted), by name. */
  public java.util.Map<String, byte[]> rawBlobs(String slug) throws Exception {
    return TenantBlobs.raw(this, settings, slug);
  }

  /** The settings this Silo was started with (backend included). */
  public java.util.Map<String, String> settings() {
    return settings;
  }

  /** The tenant's S3 space as the backend lists it (objects, unfinished multipart uploads). */
  public TenantBlobs.S3View s3View(String slug) {
    return TenantBlobs.s3(this, settings, slug);
  }

  public Api operator() {
    return as(ADMIN);
  }

  public Api anonymous() {
    return as(null);
  }

  /** An API with this credential; over HTTPS its client trusts the test CA ({@link TestTls}). */
  public Api as(String apiKey) {
    if (!scheme().equals("https")) {
      return new Api(url(), apiKey);
    }
    try {
      return new Api(url(), apiKey, TestTls.client());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Creates a tenant (optionally with a limits JSON object) and returns an API key of it. */
  public Api tenant(String slug, String limitsJson) {
    String body = "{\"slug\":\"" + slug + "\",\"name\":\"" + slug + "\"" + (limitsJson == null ? "" : ",\"limits\":" + limitsJson) + "}";
    Api.Resp created = operator().post("/v1/tenants", body);
    if (created.status() != 201) {
      throw new IllegalStateException("tenant create failed: " + created);
    }
    Api.Resp key = operator().post("/v1/tenants/" + slug + "/keys", "{\"name\":\"test\"}");
    if (key.status() != 201) {
      throw new IllegalStateException("key create failed: " + key);
    }
    return as(key.json().get("key").asText());
  }

  public Api tenant(String slug) {
    return tenant(slug, null);
  }

  @Override
  public void close() throws Exception {
    silo.close();
  }
}
