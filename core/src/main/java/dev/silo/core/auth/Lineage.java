package dev.silo.core.auth;

import dev.silo.core.domain.ApiKeyId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * The credential a request's authority comes from: the credential itself for a direct caller, the
 * credential that minted the token for a signed URL or upload token. Every minted token carries it
 * (under its MAC), and every use of a token checks that it is still alive, so revoking a key, an S3
 * credential or a tenant ends everything the credential handed out at once.
 */
public sealed interface Lineage {
  /** A form safe inside a token and a URL: no {@code .}, only URL-unreserved characters. */
  String encode();

  /** The credential as the audit log names it, never a secret. */
  String actor();

  /** An API key of the tenant. */
  record ApiKey(ApiKeyId id) implements Lineage {
    public ApiKey {
      Objects.requireNonNull(id);
    }

    public String encode() {
      return "k~" + b64(id.value());
    }

    public String actor() {
      return "key:" + id.value();
    }
  }

  /** An S3 access key of the tenant. */
  record S3Key(String accessKeyId) implements Lineage {
    public S3Key {
      Objects.requireNonNull(accessKeyId);
    }

    public String encode() {
      return "s~" + b64(accessKeyId);
    }

    public String actor() {
      return "s3:" + accessKeyId;
    }
  }

  /** A JWT: lives while its tenant is active and still trusts the issuer. */
  record Jwt(String issuer, String subject) implements Lineage {
    public Jwt {
      Objects.requireNonNull(issuer);
      Objects.requireNonNull(subject);
    }

    public String encode() {
      return "j~" + b64(issuer) + "~" + b64(subject);
    }

    public String actor() {
      return "jwt:" + subject;
    }
  }

  /** The operator token (or Silo itself): lives while the tenant is active. */
  record Operator() implements Lineage {
    public String encode() {
      return "o";
    }

    public String actor() {
      return "operator";
    }
  }

  /** The lineage {@link #encode()} wrote; {@link IllegalArgumentException} for anything else. */
  static Lineage decode(String encoded) {
    String[] p = encoded.split("~", -1);
    return switch (p[0]) {
      case "k" -> { requireParts(p, 2); yield new ApiKey(new ApiKeyId(unb64(p[1]))); }
      case "s" -> { requireParts(p, 2); yield new S3Key(unb64(p[1])); }
      case "j" -> { requireParts(p, 3); yield new Jwt(unb64(p[1]), unb64(p[2])); }
      case "o" -> { requireParts(p, 1); yield new Operator(); }
      default -> throw new IllegalArgumentException("unknown lineage");
    };
  }

  private static void requireParts(String[] p, int n) {
    if (p.length != n) {
      throw new IllegalArgumentException("malformed lineage");
    }
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String unb64(String s) {
    return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
  }
}
