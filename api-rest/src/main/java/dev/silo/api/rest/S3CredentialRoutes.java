package dev.silo.api.rest;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.credential.s3.MountInfo;
import dev.silo.core.credential.s3.NewS3Credential;
import dev.silo.core.credential.s3.S3CredentialService;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.S3Credential;
import dev.silo.core.domain.Scope;
import dev.silo.http.Exchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** S3 credentials of a tenant (its own, or the operator's for a tenant) and mount info. */
final class S3CredentialRoutes {
  private final S3CredentialService credentials;

  S3CredentialRoutes(S3CredentialService credentials) {
    this.credentials = credentials;
  }

  void createOwn(Exchange ex) throws IOException {
    create(ex, ex.context());
  }

  void listOwn(Exchange ex) throws IOException {
    list(ex, ex.context());
  }

  void revokeOwn(Exchange ex) throws IOException {
    revoke(ex, ex.context());
  }

  void mountInfo(Exchange ex) throws IOException {
    MountInfo info = credentials.mountInfo(ex.context());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tenant", info.tenant());
    m.put("bucket", info.bucket());
    m.put("endpoint", info.endpoint());
    m.put("region", info.region());
    m.put("has_credentials", info.hasCredentials());
    m.put("credentials_created_at", info.credentialsCreatedAt());
    ex.json(200, m);
  }

  private void create(Exchange ex, RequestContext ctx) throws IOException {
    Bodies.CreateS3Credential body = ex.readJson(Bodies.CreateS3Credential.class);
    BucketName bucket = body.bucket() == null || body.bucket().isBlank() ? null : new BucketName(body.bucket());
    NewS3Credential created = credentials.create(ctx, body.description(), bucket, body.scopeSet());
    Map<String, Object> view = view(created.credential());
    view.put("secret_access_key", created.secretAccessKey());
    view.put("endpoint", credentials.endpoint().url());
    view.put("region", credentials.endpoint().region());
    ex.header("Cache-Control", "no-store");
    ex.json(201, view);
  }

  private void list(Exchange ex, RequestContext ctx) throws IOException {
    ex.json(200, Views.items(credentials.list(ctx).stream().map(S3CredentialRoutes::view).toList()));
  }

  private void revoke(Exchange ex, RequestContext ctx) throws IOException {
    credentials.revoke(ctx, ex.param("access_key_id"));
    ex.empty(204);
  }

  static Map<String, Object> view(S3Credential c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("access_key_id", c.accessKeyId());
    m.put("description", c.description());
    m.put("bucket", c.bucket() == null ? null : c.bucket().value());
    m.put("scopes", c.scopes().stream().map(Scope::wire).sorted().toList());
    m.put("created_at", c.createdAt());
    m.put("last_used_at", c.lastUsedAt());
    m.put("revoked_at", c.revokedAt());
    return m;
  }
}
