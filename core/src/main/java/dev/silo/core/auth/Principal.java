package dev.silo.core.auth;

import dev.silo.core.domain.ApiKeyId;

/** Who is acting, as the audit log names them. */
public sealed interface Principal {
  /** The name written to the audit log; never a secret. */
  String actor();

  record Operator() implements Principal {
    public String actor() {
      return "operator";
    }
  }

  record ApiKeyHolder(ApiKeyId keyId) implements Principal {
    public String actor() {
      return "key:" + keyId.value();
    }
  }

  /** The holder of an S3 access key (the id is not a secret; the derived secret never appears). */
  record S3KeyHolder(String accessKeyId) implements Principal {
    public String actor() {
      return "s3:" + accessKeyId;
    }
  }

  /** The subject of a JWT from the tenant's identity provider. */
  record JwtSubject(String subject) implements Principal {
    public String actor() {
      return "jwt:" + subject;
    }
  }

  /**
   * The bearer of a signed URL or upload token; it may do exactly what the token names and nothing
   * else. The audit log names the credential that minted it.
   */
  record SignedUrlBearer(Lineage issuer) implements Principal {
    public String actor() {
      return "signed-url:" + issuer.actor();
    }
  }

  /** Silo itself: start-up reconciliation, sweepers. */
  record System(String task) implements Principal {
    public String actor() {
      return "system:" + task;
    }
  }
}
