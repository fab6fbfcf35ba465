package dev.silo.server;

import dev.silo.store.s3.S3StoreSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The S3 storage backend's settings ({@code SILO_STORAGE=s3}), after seed 002's variables:
 * {@code SILO_STORAGE_S3_ENDPOINT} (omit for AWS), {@code _REGION} (default us-east-1; {@code
 * auto} for R2), {@code _ACCESS_KEY_ID}, {@code _SECRET_ACCESS_KEY} (PRODUCT.md's names; {@code _ACCESS_KEY} and {@code _SECRET_KEY} are accepted too; omit both for the AWS default chain),
 * {@code _PATH_STYLE} (default true when an endpoint is set), {@code _VERIFY_TLS} (default true),
 * {@code _CONNECT_TIMEOUT} (5s), {@code _READ_TIMEOUT} (30s), {@code _MAX_ATTEMPTS} (3), {@code
 * _MAX_CONNECTIONS} (128), {@code _PART_SIZE} (8MiB); plus {@code SILO_BUCKET_PROVISIONING}
 * ({@code create} or {@code require}) and {@code SILO_PRESIGN_MODE} ({@code gateway} or {@code
 * direct}). Read always, used only when the storage is s3, so a typo fails start-up either way.
 */
public record S3StorageConfig(S3StoreSettings store, boolean directPresign) {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|k|kib|m|mib|g|gib)", Pattern.CASE_INSENSITIVE);

  static S3StorageConfig from(Map<String, String> s) {
    String endpoint = blankToNull(s.get("SILO_STORAGE_S3_ENDPOINT"));
    URI uri;
    try {
      uri = endpoint == null ? null : URI.create(endpoint.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("SILO_STORAGE_S3_ENDPOINT is not a URL: '" + endpoint + "'");
    }
    S3StoreSettings store =
        new S3StoreSettings(
            uri,
            s.getOrDefault("SILO_STORAGE_S3_REGION", "us-east-1").trim(),
            blankToNull(s.getOrDefault("SILO_STORAGE_S3_ACCESS_KEY_ID", s.get("SILO_STORAGE_S3_ACCESS_KEY"))),
            blankToNull(s.getOrDefault("SILO_STORAGE_S3_SECRET_ACCESS_KEY", s.get("SILO_STORAGE_S3_SECRET_KEY"))),
            bool(s, "SILO_STORAGE_S3_PATH_STYLE", uri != null),
            bool(s, "SILO_STORAGE_S3_VERIFY_TLS", true),
            duration(s, "SILO_STORAGE_S3_CONNECT_TIMEOUT", "5s"),
            duration(s, "SILO_STORAGE_S3_READ_TIMEOUT", "30s"),
            integer(s, "SILO_STORAGE_S3_MAX_ATTEMPTS", 3),
            integer(s, "SILO_STORAGE_S3_MAX_CONNECTIONS", 128),
            size(s, "SILO_STORAGE_S3_PART_SIZE", S3StoreSettings.DEFAULT_PART_SIZE),
            switch (s.getOrDefault("SILO_BUCKET_PROVISIONING", "create").trim().toLowerCase(Locale.ROOT)) {
              case "create" -> S3StoreSettings.Provisioning.CREATE;
              case "require" -> S3StoreSettings.Provisioning.REQUIRE;
              default -> throw new IllegalArgumentException(
                  "SILO_BUCKET_PROVISIONING must be create or require, not '" + s.get("SILO_BUCKET_PROVISIONING") + "'");
            });
    boolean direct =
        switch (s.getOrDefault("SILO_PRESIGN_MODE", "gateway").trim().toLowerCase(Locale.ROOT)) {
          case "gateway" -> false;
          case "direct" -> true;
          default -> throw new IllegalArgumentException(
              "SILO_PRESIGN_MODE must be gateway or direct, not '" + s.get("SILO_PRESIGN_MODE") + "'");
        };
    return new S3StorageConfig(store, direct);
  }

  static boolean bool(Map<String, String> s, String name, boolean fallback) {
    String v = blankToNull(s.get(name));
    if (v == null) {
      return fallback;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, not '" + v + "'");
    };
  }

  private static Duration duration(Map<String, String> s, String name, String fallback) {
    String v = s.getOrDefault(name, fallback).trim();
    if (v.endsWith("ms") && v.length() > 2 && v.substring(0, v.length() - 2).chars().allMatch(Character::isDigit)) {
      return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
    }
    return Durations.parse(name, v);
  }

  private static int integer(Map<String, String> s, String name, int fallback) {
    String v = blankToNull(s.get(name));
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not '" + v + "'");
    }
  }

  private static int size(Map<String, String> s, String name, int fallback) {
    String v = blankToNull(s.get(name));
    if (v == null) {
      return fallback;
    }
    Matcher m = SIZE.matcher(v.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(name + " must be a size like 8MiB or 16777216, not '" + v + "'");
    }
    long n = Long.parseLong(m.group(1));
    long bytes = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "k", "kib" -> n << 10;
      case "m", "mib" -> n << 20;
      case "g", "gib" -> n << 30;
      default -> n;
    };
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " is too large: " + v);
    }
    return (int) bytes;
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }
}
