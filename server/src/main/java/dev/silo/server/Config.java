package dev.silo.server;

import dev.silo.core.inline.InlineBlobs;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Silo's settings, resolved once at start-up: flags, then environment variables, then an optional
 * config file ({@code SILO_CONFIG}, Java properties with the environment variables' names), then
 * defaults. Nothing reads configuration anywhere else.
 */
public record Config(
    String host,
    int port,
    Path dataDir,
    String adminToken,
    String databaseUrl,
    // null: migrations run through databaseUrl
    String databaseMigrationUrl,
    Path tenantsFile,
    List<String> corsOrigins,
    String masterKey,
    List<String> previousMasterKeys,
    int masterKeyVersion,
    String publicUrl,
    String storage,
    String tenancy,
    String sharedBucket,
    String bucketTemplate,
    String app,
    String env,
    java.time.Duration sweepInterval,
    ImageSettings images,
    S3Config s3,
    S3StorageConfig s3Storage,
    // how long a resumable (TUS) upload may take before it is swept
    java.time.Duration tusExpiry,
    // objects of at most this many bytes are kept in the metadata store (0: none)
    int inlineMax,
    // events, webhooks, outbound requests
    EventSettings events,
    // the optional Redis cache of object metadata
    CacheSettings cache,
    // tmp objects, abandoned uploads, idle S3 credentials, usage drift
    LifecycleSettings lifecycle,
    // audit retention, optional per-tenant usage metrics
    ObservabilitySettings observability,
    // HTTPS on the REST and S3 ports
    TlsSettings tls,
    // SILO_ENCRYPTION: new blobs encrypted under their tenant's data key (on, the default) or plain
    boolean encryption,
    // how many listing pages are read at once, and how long one may wait its turn
    ListingSettings listings) {

  /** Resolves settings; {@code flags} uses the environment variables' names as keys. */
  public static Config load(Map<String, String> flags, Map<String, String> environment) throws IOException {
    Map<String, String> s = new HashMap<>();
    String configFile = first(flags.get("SILO_CONFIG"), environment.get("SILO_CONFIG"));
    if (configFile != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(Path.of(configFile))) {
        p.load(r);
      }
      p.forEach((k, v) -> s.put(k.toString(), v.toString()));
    }
    environment.forEach((k, v) -> {
      if (k.startsWith("SILO_")) {
        s.put(k, v);
      }
    });
    flags.forEach((k, v) -> {
      if (v != null) {
        s.put(k, v);
      }
    });
    Path dataDir = Path.of(s.getOrDefault("SILO_DATA_DIR", "./data")).toAbsolutePath().normalize();
    int port = intOf(s, "SILO_PORT", 8080);
    // loopback unless asked: a fresh `silo serve` is not reachable from the network (the container sets 0.0.0.0)
    String host = s.getOrDefault("SILO_HOST", "127.0.0.1").trim();
    TlsSettings tls = TlsSettings.from(s);
    S3Config s3 = S3Config.from(s);
    String publicUrl = blankToNull(s.get("SILO_PUBLIC_URL"));
    matchesScheme("SILO_PUBLIC_URL", publicUrl, tls);
    matchesScheme("SILO_S3_PUBLIC_URL", s3.publicUrl(), tls);
    return new Config(
        host,
        port,
        dataDir,
        blankToNull(s.get("SILO_ADMIN_TOKEN")),
        s.getOrDefault("SILO_DATABASE_URL", "jdbc:sqlite:" + dataDir.resolve("silo.db")),
        blankToNull(s.get("SILO_DATABASE_MIGRATION_URL")),
        s.containsKey("SILO_TENANTS_FILE") ? Path.of(s.get("SILO_TENANTS_FILE")) : null,
        list(s.get("SILO_CORS_ORIGINS")),
        blankToNull(s.get("SILO_MASTER_KEY")),
        list(s.get("SILO_PREVIOUS_MASTER_KEYS")),
        masterKeyVersion(s.getOrDefault("SILO_MASTER_KEY_VERSION", "1"), list(s.get("SILO_PREVIOUS_MASTER_KEYS")).size()),
        publicUrl,
        s.getOrDefault("SILO_STORAGE", "fs"),
        s.getOrDefault("SILO_TENANCY", "bucket"),
        blankToNull(s.get("SILO_STORAGE_S3_BUCKET")),
        s.getOrDefault("SILO_BUCKET_TEMPLATE", "{app}-{env}-tenant-{slug}"),
        s.getOrDefault("SILO_APP", "silo"),
        s.getOrDefault("SILO_ENV", "dev"),
        Durations.parse("SILO_SWEEP_INTERVAL", s.getOrDefault("SILO_SWEEP_INTERVAL", "1m")),
        ImageSettings.from(s),
        s3,
        S3StorageConfig.from(s),
        Durations.parse("SILO_TUS_EXPIRY", s.getOrDefault("SILO_TUS_EXPIRY", "24h")),
        inlineMax(s.get("SILO_INLINE_MAX")),
        EventSettings.from(s),
        CacheSettings.from(s),
        LifecycleSettings.from(s),
        ObservabilitySettings.from(s),
        tls,
        onOff("SILO_ENCRYPTION", s.getOrDefault("SILO_ENCRYPTION", "on")),
        ListingSettings.from(s));
  }

  /** The base of URLs Silo hands out for the REST port (signed links, upload and TUS URLs). */
  public String publicBase(int boundPort) {
    return base(publicUrl, boundPort);
  }

  /** The S3 endpoint clients are told to use (credentials, mount info). */
  public String s3PublicBase(int boundPort) {
    return base(s3.publicUrl(), boundPort);
  }

  /**
   * The one place a URL's scheme and authority are chosen: the operator's URL as given, else this
   * host and the bound port, {@code https} when Silo serves TLS itself.
   */
  private String base(String configured, int boundPort) {
    if (configured != null) {
      return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
    }
    String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    if (h.contains(":")) {
      h = "[" + h + "]";
    }
    return tls.scheme() + "://" + h + ":" + boundPort;
  }

  /**
   * A public URL given with the other scheme than the port serves would hand out links that
   * cannot work (http to an HTTPS port), or silently drop TLS: refused at start-up.
   */
  private static void matchesScheme(String setting, String url, TlsSettings tls) {
    if (url != null && tls.on() && !url.regionMatches(true, 0, "https://", 0, 8)) {
      throw new IllegalArgumentException(
          setting + " must be an https:// URL while SILO_TLS_CERT serves HTTPS, not '" + url + "'");
    }
  }

  /**
   * The version of the current master key, a digit 1–9 carried in every S3 access key id. The
   * previous keys are versions current-1, current-2, … in the order they are listed, so there can
   * be no more of them than versions below the current one.
   */
  private static int masterKeyVersion(String v, int previousKeys) {
    int version;
    try {
      version = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      version = -1;
    }
    if (version < 1 || version > 9) {
      throw new IllegalArgumentException("SILO_MASTER_KEY_VERSION must be a digit 1-9, not '" + v + "'");
    }
    if (previousKeys >= version) {
      throw new IllegalArgumentException(
          "SILO_PREVIOUS_MASTER_KEYS lists " + previousKeys + " keys, but versions below SILO_MASTER_KEY_VERSION="
              + version + " leave room for " + (version - 1));
    }
    return version;
  }

  /** {@code SILO_INLINE_MAX}: bytes, 0 to keep every object in the blob store. */
  private static int inlineMax(String v) {
    if (v == null || v.isBlank()) {
      return InlineBlobs.DEFAULT_MAX;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 0 && n <= InlineBlobs.LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new IllegalArgumentException(
        "SILO_INLINE_MAX must be a number of bytes from 0 (off) to " + InlineBlobs.LIMIT + ", not '" + v + "'");
  }

  private static int intOf(Map<String, String> s, String name, int fallback) {
    String v = s.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 0 || n > 65535) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a port number (0-65535), not '" + v + "'");
    }
  }

  private static List<String> list(String v) {
    if (v == null || v.isBlank()) {
      return List.of();
    }
    return Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }

  private static boolean onOff(String setting, String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "on", "true" -> true;
      case "off", "false" -> false;
      default -> throw new IllegalArgumentException(setting + " must be on or off, not '" + value + "'");
    };
  }
}
