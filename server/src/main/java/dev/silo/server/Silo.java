package dev.silo.server;

import dev.silo.api.rest.OpsRoutes;
import dev.silo.api.rest.RestApi;
import dev.silo.core.audit.AuditService;
import dev.silo.core.audit.Journal;
import dev.silo.core.auth.Authenticator;
import dev.silo.core.auth.FailureAuditLimiter;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.bucket.BucketCors;
import dev.silo.core.bucket.BucketService;
import dev.silo.core.content.CsvPreviewService;
import dev.silo.core.credential.ApiKeyService;
import dev.silo.core.credential.s3.S3CredentialService;
import dev.silo.core.credential.s3.S3Endpoint;
import dev.silo.core.credential.s3.S3Keys;
import dev.silo.core.multipart.MultipartService;
import dev.silo.api.s3.S3Server;
import dev.silo.api.s3.S3Settings;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.object.ListingGate;
import dev.silo.core.object.ObjectService;
import dev.silo.core.version.VersionService;
import dev.silo.core.inline.InlineBlobs;
import dev.silo.core.write.WritePipeline;
import dev.silo.core.signing.LinkBuilder;
import dev.silo.core.signing.SigningKeys;
import dev.silo.core.support.Positions;
import dev.silo.core.signing.SigningService;
import dev.silo.core.signing.UrlSigner;
import dev.silo.core.spi.BlobStore;
import dev.silo.server.encryption.EncryptingBlobStore;
import dev.silo.server.encryption.EncryptingInlineCodec;
import dev.silo.server.encryption.KeyRing;
import dev.silo.server.encryption.MasterKeys;
import dev.silo.core.spi.MetadataStore;
import dev.silo.cache.redis.CachingMetadataStore;
import dev.silo.core.support.IdGenerator;
import dev.silo.core.tenant.TenancyLayout;
import dev.silo.core.tenant.TenantService;
import dev.silo.core.upload.PresignedUploadService;
import dev.silo.http.Cors;
import dev.silo.http.Json;
import dev.silo.http.SiloHttpServer;
import dev.silo.http.Transport;
import dev.silo.core.auth.ConsoleSignIn;
import dev.silo.core.auth.JwtVerifier;
import dev.silo.core.events.EventFeed;
import dev.silo.core.events.OutboxSignal;
import dev.silo.core.events.WebhookDispatcher;
import dev.silo.core.events.WebhookSecrets;
import dev.silo.core.events.WebhookService;
import dev.silo.core.support.OutboundGuard;
import dev.silo.identity.OidcJwtVerifier;
import dev.silo.identity.OidcProviderSignIn;
import dev.silo.metadata.jdbc.JdbcMetadataStore;
import dev.silo.store.fs.FsBlobStore;
import dev.silo.store.fs.PartFileSweeper;
import dev.silo.api.tus.TusApi;
import dev.silo.core.upload.resumable.ResumableUploadService;
import dev.silo.http.Route;
import dev.silo.http.RouteTable;
import dev.silo.store.s3.S3BlobStore;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running Silo: its stores, services and HTTP server, wired from a {@link Config}. */
public final class Silo implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Silo.class);

  private final Config config;
  private final FileChannel lockChannel;
  private final MetadataStore metadata;
  private final BlobStore blobs;
  private final KeyRing keyRing;
  private final SiloHttpServer http;
  private final S3Server s3;
  private final BlobReaper reaper;
  private final ResumableUploadService resumable;
  private final Thread sweeper;
  private final dev.silo.core.lifecycle.LifecycleSweeper lifecycle;
  private final WebhookDispatcher webhooks;
  private final Metrics metrics;
  private final Secrets.Secret adminToken;
  private final Resources opened;
  private final CertificateWatch certificates;

  private Silo(Config config, Clock clock, Resources opened) throws Exception {
    this.config = config;
    this.opened = opened;
    IdGenerator ids = IdGenerator.secure(clock);
    FileLock lock;
    try {
      Secrets.dataDirectory(config.dataDir()); // 0700 when Silo creates it
      this.lockChannel = opened.add(FileChannel.open(config.dataDir().resolve("silo.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE));
      lock = lockChannel.tryLock();
      Path probe = Files.createTempFile(config.dataDir(), ".write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw StartFailure.dataDir(config.dataDir(), e);
    }
    if (lock == null) {
      throw new IllegalStateException("SILO_DATA_DIR: another Silo is already using the data directory " + config.dataDir()
          + ": stop it, or give this one a directory of its own with SILO_DATA_DIR (--data-dir)");
    }
    // Loading the image engine overlaps with opening the stores.
    var imageEngine = java.util.concurrent.CompletableFuture.supplyAsync(
        config.images()::loadEngine, runnable -> Thread.ofVirtual().name("silo-image-engine").start(runnable));
    // so does binding OpenSSL for TUS uploads' hashes, which an operator should hear of when it fails
    Thread.ofVirtual().name("silo-tus-hashes").start(() -> {
      if (!ResumableUploadService.hashesWithOpenSsl()) {
        LOG.warn("TUS uploads: OpenSSL's libcrypto.so.3 could not be loaded (Debian, Ubuntu: apt-get install libssl3), so their"
            + " SHA-256 and MD5 are computed in Java, several times slower");
      }
    });
    this.adminToken = Secrets.adminToken(config, ids);
    byte[] masterKey = Secrets.masterKey(config, ids);
    List<byte[]> previous = config.previousMasterKeys().stream().map(k -> Secrets.decodeKey("SILO_PREVIOUS_MASTER_KEYS", k)).toList();
    // HTTPS when SILO_TLS_CERT/KEY are set: a bad file stops the start before any store is opened
    Transport transport = config.tls().open();
    this.certificates = opened.add(CertificateWatch.start(transport, config.tls().reloadEvery()));
    // event positions, audit and delivery ids shown opaque per tenant, alike on every node
    Positions positions = new Positions(masterKey, previous);

    TenancyLayout layout = layout(config);
    // store and database latency, bound to the metrics registry once it exists
    StoreTimers storeTimers = new StoreTimers();
    // SILO_REDIS_URL unset: the cache is SharedCache.NONE and the store is the database itself
    this.metadata =
        opened.add(new TimedMetadataStore(CachingMetadataStore.over(
            JdbcMetadataStore.open(config.databaseUrl(), config.databaseMigrationUrl()),
            config.cache().open(clock),
            config.cache().ttl()), storeTimers));
    // tenants' data keys, wrapped by the master key; a wrong master key stops the start here
    this.keyRing = new KeyRing(metadata, layout, masterKeys(config, masterKey, previous), clock);
    keyRing.verify();
    // after a master-key rotation: tenants' keys wrapped by an older master key are wrapped again
    // by the current one (the blobs are not touched)
    int rewrapped = keyRing.rewrapAll();
    if (rewrapped > 0) {
      LOG.info("wrapped {} tenant data keys again under master key version {}", rewrapped, config.masterKeyVersion());
    }
    this.blobs =
        opened.add(new TimedBlobStore(new EncryptingBlobStore(blobStore(config, layout), keyRing, config.encryption()), storeTimers));

    Security security = security(config, metadata, masterKey, previous, adminToken.value(), clock);
    UrlSigner signer = security.signer();
    OutboundGuard outbound = security.outbound();
    Authenticator authenticator = security.authenticator();
    Journal journal = new Journal(ids);
    this.reaper = new BlobReaper(metadata, blobs, clock);
    WritePipeline pipeline =
        WritePipeline.over(metadata, blobs, layout, reaper, journal, ids, clock, new InlineBlobs(config.inlineMax(), new EncryptingInlineCodec(keyRing, config.encryption())));
    ListingGate listings = new ListingGate(config.listings().concurrency(), config.listings().maxWait());
    ObjectService objects = new ObjectService(pipeline, listings);
    VersionService versions = new VersionService(pipeline, listings);
    MultipartService multipart = new MultipartService(pipeline);
    AtomicReference<String> base = new AtomicReference<>();
    AtomicReference<String> s3Base = new AtomicReference<>();
    LinkBuilder links = (bucket, key, token) -> base.get() + "/v1/objects/" + encodePath(key.value())
        + "?bucket=" + URLEncoder.encode(bucket.value(), StandardCharsets.UTF_8) + "&token=" + token;
    TenantService tenants = new TenantService(metadata, blobs, layout, ids, clock, keyRing);
    ResumableUploadService resumableUploads =
        new ResumableUploadService(
            pipeline, signer, config.tusExpiry(), token -> base.get() + "/v1/tus/?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    RestApi.Services services =
        new RestApi.Services(
            tenants,
            new ApiKeyService(metadata, ids, journal, clock),
            new BucketService(metadata, layout, reaper, journal, clock, List.of(multipart, resumableUploads)),
            objects,
            config.s3Storage().directPresign() && blobs.presigner().isPresent()
                ? new SigningService(objects, signer, links, metadata, layout, blobs.presigner().get())
                : new SigningService(objects, signer, links),
            presignedUploads(config, pipeline, signer, links),
            new AuditService(metadata, positions),
            authenticator,
            new S3CredentialService(metadata, security.s3Keys(), s3Endpoint(config, s3Base), ids, journal, clock),
            resumableUploads,
            versions,
            security.consoleSignIn(metadata, journal, clock));

    if (config.tenantsFile() != null) {
      var declared = TenantsFile.read(config.tenantsFile());
      RequestContext operator = authenticator.bearer(adminToken.value(), "startup", "local");
      for (String change : tenants.reconcile(operator, declared)) {
        LOG.info("tenants file: {}", change);
      }
    }

    this.metrics = opened.add(new Metrics(metadata, clock));
    metrics.bind(storeTimers);
    Eventing eventing = eventing(config, metadata, masterKey, positions, outbound, ids, journal, clock, metrics);
    this.webhooks = eventing.dispatcher();
    RestApi.Content content =
        new RestApi.Content(new CsvPreviewService(objects), config.images().service(await(imageEngine), objects, config.dataDir(), masterKey));
    Map<String, OpsRoutes.Check> readiness = new LinkedHashMap<>();
    readiness.put("metadata", metadata::check);
    readiness.put("storage", blobs::check);
    Cors cors = new Cors(config.corsOrigins());
    BucketCors bucketCors = new BucketCors(metadata, authenticator);
    this.http =
        new SiloHttpServer(
            config.host(), config.port(), transport, withTus(RestApi.routes(services, content, readiness, eventing.api()), services.resumable()),
            authenticator, cors, bucketCors, new Json(), ids, metrics);
    // events committed by this process, or on PostgreSQL by any node: look now, not at the next poll
    opened.add(metadata.watchOutbox(eventing.signal()::changed));
    // only commits that queued a delivery: after any other, asking what is due finds nothing
    opened.add(metadata.watchDeliveries(eventing.dispatcher()::nudge));
    // revocations and tenant changes: the authenticator forgets the credentials it read (kept on SQLite only)
    opened.add(metadata.watchCredentials(authenticator.credentialWatch()));
    opened.add(http);
    try {
      http.start();
    } catch (IOException | RuntimeException e) {
      throw StartFailure.bind("SILO_PORT", "REST API", config.host(), config.port(), e);
    }
    opened.add(webhooks);
    webhooks.start();
    base.set(config.publicBase(http.port()));
    this.s3 =
        new S3Server(
            new S3Settings(
                config.host(), config.s3().port(), config.s3().domain(), config.s3().region(), config.s3().trustedProxies(),
                transport,
                config.s3().sigV2(),
                config.encryption(),
                cors),
            new S3Server.Services(
                services.buckets(),
                objects,
                multipart,
                authenticator,
                versions,
                new dev.silo.core.bucket.BucketCors(metadata, authenticator)),
            ids,
            clock,
            metrics);
    opened.add(s3);
    try {
      s3.start();
    } catch (IOException | RuntimeException e) {
      throw StartFailure.bind("SILO_S3_PORT", "S3 endpoint", config.host(), config.s3().port(), e);
    }
    s3Base.set(config.s3PublicBase(s3.port()));
    this.resumable = services.resumable();
    this.lifecycle =
        new dev.silo.core.lifecycle.LifecycleSweeper(
            metadata, layout, reaper, journal, tenant -> authenticator.system(tenant, "lifecycle"), clock,
            config.lifecycle().sweeper(), pipeline.versions());
    this.sweeper = Thread.ofVirtual().name("silo-sweeper").start(this::sweepLoop);
  }

  /** Event streams, webhooks and the metrics page, over the outbox. */
  private record Eventing(RestApi.Events api, WebhookDispatcher dispatcher, OutboxSignal signal) {}

  private static Eventing eventing(
      Config config, MetadataStore metadata, byte[] masterKey, Positions positions, OutboundGuard outbound, IdGenerator ids,
      Journal journal, Clock clock, Metrics metrics) {
    WebhookSecrets webhookSecrets = new WebhookSecrets(masterKey);
    EventSettings ev = config.events();
    // per-tenant usage series only when the operator asks (SILO_METRICS_TENANT_USAGE)
    TenantUsageGauges usage = config.observability().tenantUsage() ? new TenantUsageGauges(metadata) : null;
    if (usage != null) {
      metrics.bind(usage);
    }
    OutboxSignal signal = new OutboxSignal();
    RestApi.Events api =
        new RestApi.Events(
            new WebhookService(metadata, webhookSecrets, outbound, ids, journal, clock, positions),
            new EventFeed(metadata, positions),
            signal,
            ev.poll(),
            () -> {
              if (usage != null) {
                usage.refresh();
              }
              return metrics.scrape();
            });
    WebhookDispatcher dispatcher =
        new WebhookDispatcher(
            metadata,
            webhookSecrets,
            outbound,
            new WebhookDispatcher.Settings(ev.retryInitial(), ev.retryPeriod(), ev.timeout(), ev.poll(), ev.perEndpoint()),
            clock,
            new java.security.SecureRandom());
    return new Eventing(api, dispatcher, signal);
  }

  /** How callers are known: signed URLs, S3 credentials, tenants' JWTs, and the authenticator over them. */
  private record Security(UrlSigner signer, S3Keys s3Keys, OutboundGuard outbound, Authenticator authenticator) {
    ConsoleSignIn consoleSignIn(MetadataStore metadata, Journal journal, Clock clock) {
      return new ConsoleSignIn(metadata, authenticator, new OidcProviderSignIn(outbound), journal, clock);
    }
  }

  private static Security security(
      Config config, MetadataStore metadata, byte[] masterKey, List<byte[]> previous, String adminToken, Clock clock) {
    UrlSigner signer = new UrlSigner(new SigningKeys(masterKey, previous), clock);
    // S3 secrets derive from the master key; the version digit in each access key id names it
    S3Keys s3Keys = new S3Keys(s3KeyVersions(config.masterKeyVersion(), masterKey, previous), config.masterKeyVersion());
    OutboundGuard outbound = new OutboundGuard(config.events().allowPrivate());
    // an unknown key id refetches a tenant's JWKS at most once a minute
    JwtVerifier jwts = new OidcJwtVerifier(outbound, clock, Duration.ofMinutes(1));
    int failedAuthAudited = config.observability().failedAuthAudited();
    Authenticator authenticator =
        new Authenticator(metadata, signer, adminToken, clock, s3Keys, jwts,
            new FailureAuditLimiter(failedAuthAudited, failedAuthAudited * 10, clock));
    return new Security(signer, s3Keys, outbound, authenticator);
  }

  /**
   * Starts Silo; the caller closes it. A start that fails half way closes what it had opened,
   * the data-directory lock included, so the same directory can be started again at once.
   */
  public static Silo start(Config config) throws Exception {
    return start(config, Clock.systemUTC());
  }

  /** As {@link #start(Config)}, on {@code clock}: a test moves it to make what is old. */
  public static Silo start(Config config, Clock clock) throws Exception {
    Resources opened = new Resources();
    try {
      return new Silo(config, clock, opened);
    } catch (Exception | Error e) {
      opened.closeAll(e);
      throw e;
    }
  }

  public int port() {
    return http.port();
  }

  public int s3Port() {
    return s3.port();
  }

  /** The S3 endpoint's operations (for tests that walk every route). */
  public java.util.List<S3Server.Operation> s3Operations() {
    return s3.operations();
  }

  /** The S3 endpoint clients are told to use. */
  public String s3Url() {
    return config.s3PublicBase(s3.port());
  }

  private static S3Endpoint s3Endpoint(Config config, AtomicReference<String> base) {
    String region = config.s3().region();
    return new S3Endpoint() {
      @Override
      public String url() {
        return base.get();
      }

      @Override
      public String region() {
        return region;
      }
    };
  }

  /**
   * Compares the TLS files with the certificate served and reloads it when they changed, as the
   * periodic check does; whether a new certificate is now served.
   */
  public boolean reloadCertificates() {
    return certificates.check();
  }

  /** The address a port is bound on, as a URL: {@code http://0.0.0.0:8080} when every interface listens. */
  public String boundUrl(int port) {
    String h = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return config.tls().scheme() + "://" + h + ":" + port;
  }

  public String publicUrl() {
    return config.publicBase(http.port());
  }

  /** The operator token if this start generated it (so it can be printed once), else null. */
  public String generatedAdminToken() {
    return adminToken.generated() ? adminToken.value() : null;
  }

  static BlobStore blobStore(Config config, TenancyLayout layout) throws IOException {
    if (config.storage().equals("s3")) {
      return s3BlobStore(config, layout);
    }
    if (!config.storage().equals("fs")) {
      throw new IllegalArgumentException("SILO_STORAGE must be fs or s3, not " + config.storage());
    }
    Path root = config.dataDir().resolve("blobs");
    Files.createDirectories(root);
    // One process owns the data directory (see the lock), so any .part file is a crash's leftover.
    int swept = new PartFileSweeper(root, Clock.systemUTC()).sweep(Duration.ZERO);
    if (swept > 0) {
      LOG.info("removed {} unfinished blob files left by an earlier crash", swept);
    }
    return new FsBlobStore(root);
  }

  /** {@code SILO_PRESIGN_MODE=direct}: upload URLs straight to the backend, when it can sign them. */
  private static PresignedUploadService presignedUploads(
      Config config, WritePipeline pipeline, UrlSigner signer, LinkBuilder links) {
    if (!config.s3Storage().directPresign()) {
      return new PresignedUploadService(pipeline, signer, links);
    }
    var presigner =
        pipeline.blobs().presigner()
            .orElseThrow(() -> new IllegalArgumentException(
                "SILO_PRESIGN_MODE=direct needs a storage backend that presigns URLs (SILO_STORAGE=s3)"));
    return new PresignedUploadService(pipeline, signer, links, presigner);
  }

  /** In prefix mode the shared bucket is made (or, with require, checked) once, here. */
  private static BlobStore s3BlobStore(Config config, TenancyLayout layout) throws IOException {
    S3BlobStore store = S3BlobStore.open(config.s3Storage().store());
    if (layout instanceof TenancyLayout.SharedPrefix shared) {
      try {
        store.ensureBucket(shared.bucket());
        store.checkWith(shared.bucket());
      } catch (IOException | RuntimeException e) {
        store.close();
        throw new StartFailure("SILO_STORAGE_S3_BUCKET: the shared bucket " + shared.bucket() + " is not usable: "
            + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ": check SILO_STORAGE_S3_ENDPOINT, the credentials"
            + " and, with SILO_BUCKET_PROVISIONING=require, that the bucket exists", e);
      }
    }
    LOG.info("storage: S3 {}", config.s3Storage().store());
    if (layout instanceof TenancyLayout.BucketPerTenant) {
      warnIfUnreachable(store, config.s3Storage().store());
    }
    return store;
  }

  /**
   * Start-up does not wait for the backend (it may come up later, and /readyz says so meanwhile),
   * but an operator must not have to guess why /readyz is 503: the reason is logged once, at once.
   */
  private static void warnIfUnreachable(S3BlobStore store, dev.silo.store.s3.S3StoreSettings settings) {
    Thread.ofVirtual().name("silo-storage-check").start(() -> {
      try {
        store.check();
      } catch (IOException | RuntimeException e) {
        String where = settings.endpoint() == null
            ? "AWS S3 in " + settings.region() + " (SILO_STORAGE_S3_ENDPOINT is not set)"
            : settings.endpoint().toString();
        String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
        LOG.warn("storage: the S3 backend {} is not reachable: {}; /readyz answers 503 until it is:"
            + " check SILO_STORAGE_S3_ENDPOINT and SILO_STORAGE_S3_ACCESS_KEY_ID/SECRET_ACCESS_KEY", where, reason);
      }
    });
  }

  static TenancyLayout layout(Config config) {
    return switch (config.tenancy()) {
      case "bucket" -> new TenancyLayout.BucketPerTenant(config.bucketTemplate(), config.app(), config.env());
      case "prefix" -> new TenancyLayout.SharedPrefix(config.sharedBucket() == null ? config.app() + "-" + config.env() + "-shared" : config.sharedBucket());
      default -> throw new IllegalArgumentException("SILO_TENANCY must be bucket or prefix, not " + config.tenancy());
    };
  }

  /** TUS and the web console live on the REST port: their routes are appended to the REST API's table. */
  private static RouteTable withTus(RouteTable rest, ResumableUploadService resumable) {
    List<Route> all = new java.util.ArrayList<>(rest.routes());
    all.addAll(TusApi.routes(resumable));
    all.addAll(dev.silo.console.ConsoleApi.routes());
    return new RouteTable(all);
  }

  private void sweepLoop() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(config.sweepInterval());
        pruneAudit();
        // lifecycle first: the blobs it frees are reaped at once, the rest by the reaper below
        lifecycle.sweep(config.lifecycle().limit()).forEach(metrics::swept);
        int expired = resumable.sweepExpired(config.lifecycle().limit());
        metrics.swept("resumable_upload", expired);
        if (expired > 0) {
          LOG.info("sweeper removed {} expired resumable uploads", expired);
        }
        int n = reaper.sweep(config.lifecycle().limit());
        metrics.swept("blob", n);
        if (n > 0) {
          LOG.info("sweeper removed {} unreferenced blobs", n);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("sweep failed: {}", e.toString());
      }
    }
  }

  /** Audit retention: records older than SILO_AUDIT_RETENTION go, in bounded batches. */
  private void pruneAudit() {
    Duration retention = config.observability().auditRetention();
    if (retention == null) {
      return;
    }
    try {
      java.time.Instant cutoff = java.time.Instant.now().minus(retention);
      int total = 0;
      for (int batch = 0; batch < AUDIT_PRUNE_BATCHES; batch++) {
        int n = metadata.global(tx -> tx.journal().pruneAudit(cutoff, AUDIT_PRUNE_BATCH));
        total += n;
        if (n < AUDIT_PRUNE_BATCH) {
          break;
        }
      }
      metrics.swept("audit", total);
      if (total > 0) {
        LOG.info("sweeper removed {} audit records older than {}", total, retention);
      }
    } catch (RuntimeException e) {
      LOG.warn("audit retention sweep failed: {}", e.toString());
    }
  }

  private static final int AUDIT_PRUNE_BATCH = 1_000;
  private static final int AUDIT_PRUNE_BATCHES = 10;

  /** The master key's versions as key-wrapping keys for tenants' data keys. */
  static MasterKeys masterKeys(Config config, byte[] masterKey, List<byte[]> previous) {
    return new MasterKeys(config.masterKeyVersion(), s3KeyVersions(config.masterKeyVersion(), masterKey, previous));
  }

  /** Tenants' data keys (rotation, and tests that look at what Silo holds). */
  public KeyRing keyRing() {
    return keyRing;
  }

  /** The metadata store (tests that look at what is stored, behind the API). */
  /** The lifecycle sweeper, which runs every {@code SILO_SWEEP_INTERVAL}; a test runs it at once. */
  public dev.silo.core.lifecycle.LifecycleSweeper lifecycle() {
    return lifecycle;
  }

  public MetadataStore metadata() {
    return metadata;
  }

  /** The master key of each S3 key version: the current one, then the previous keys below it. */
  static Map<Integer, byte[]> s3KeyVersions(int current, byte[] masterKey, List<byte[]> previous) {
    Map<Integer, byte[]> versions = new java.util.TreeMap<>();
    versions.put(current, masterKey);
    for (int i = 0; i < previous.size(); i++) {
      versions.put(current - 1 - i, previous.get(i));
    }
    return versions;
  }

  /** The value of a start-up task run beside the others; its own exception, unwrapped. */
  private static <T> T await(java.util.concurrent.CompletableFuture<T> task) {
    try {
      return task.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** Percent-encodes each segment of a key for a URL path, keeping the slashes. */
  static String encodePath(String key) {
    StringBuilder sb = new StringBuilder();
    for (String segment : key.split("/", -1)) {
      if (sb.length() > 0 || key.startsWith("/")) {
        sb.append('/');
      }
      sb.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return sb.toString();
  }

  @Override
  public void close() throws Exception {
    sweeper.interrupt();
    opened.closeAll(null);
  }
}
