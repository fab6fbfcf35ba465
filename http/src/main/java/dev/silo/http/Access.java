package dev.silo.http;

/** Who may call a route; declared in the route table, enforced in one place. */
public enum Access {
  /** No credential: health, metrics, public objects, the OpenAPI document. */
  ANONYMOUS,
  /** The operator token only. */
  OPERATOR,
  /**
   * The operator token, acting as the tenant the path's {@code {tenant}} names (the operator's
   * views of a tenant's keys, S3 credentials, webhooks).
   */
  OPERATOR_FOR_TENANT,
  /** A tenant credential (API key), or the operator with {@code x-tenant-id}. */
  TENANT,
  /**
   * A tenant credential, or the operator: with {@code x-tenant-id} acting as that tenant, without
   * it acting on no tenant (cross-tenant operator views such as the audit log).
   */
  TENANT_OR_OPERATOR,
  /**
   * A tenant credential, or a signed URL or upload token in {@code ?token=}, verified against the
   * route's {@link SignedTarget}.
   */
  TENANT_OR_SIGNED
}
