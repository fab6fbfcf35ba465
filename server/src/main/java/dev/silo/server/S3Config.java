package dev.silo.server;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The S3 endpoint's settings: {@code SILO_S3_PORT} (default 9000; {@code 0} picks a free one),
 * {@code SILO_S3_DOMAIN} (base domain for virtual-host addressing, {@code <bucket>.<domain>}),
 * {@code SILO_S3_REGION} (default us-east-1), {@code SILO_S3_PUBLIC_URL} (the endpoint handed to
 * clients; default {@code http(s)://<host>:<port>}, see {@link Config#s3PublicBase}), {@code SILO_TRUSTED_PROXIES} (addresses whose
 * {@code X-Forwarded-Host} is believed), {@code SILO_S3_SIGV2} (accept the legacy Signature V2 beside
 * V4; default true).
 */
public record S3Config(int port, String domain, String region, String publicUrl, Set<String> trustedProxies, boolean sigV2) {

  static S3Config from(Map<String, String> s) {
    String port = s.getOrDefault("SILO_S3_PORT", "9000").trim();
    int p;
    try {
      p = Integer.parseInt(port);
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SILO_S3_PORT must be a port number (0-65535), not '" + port + "'");
    }
    String proxies = s.getOrDefault("SILO_TRUSTED_PROXIES", "");
    return new S3Config(
        p,
        blankToNull(s.get("SILO_S3_DOMAIN")),
        s.getOrDefault("SILO_S3_REGION", "us-east-1").trim(),
        blankToNull(s.get("SILO_S3_PUBLIC_URL")),
        Arrays.stream(proxies.split(",")).map(String::trim).filter(x -> !x.isEmpty()).collect(Collectors.toUnmodifiableSet()),
        S3StorageConfig.bool(s, "SILO_S3_SIGV2", true));
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }
}
