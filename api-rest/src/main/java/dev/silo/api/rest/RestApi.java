package dev.silo.api.rest;

import static dev.silo.http.Access.ANONYMOUS;
import static dev.silo.http.Access.OPERATOR;
import static dev.silo.http.Access.OPERATOR_FOR_TENANT;
import static dev.silo.http.Access.TENANT;
import static dev.silo.http.Access.TENANT_OR_OPERATOR;
import static dev.silo.http.Access.TENANT_OR_SIGNED;

import dev.silo.core.audit.AuditService;
import dev.silo.core.auth.Authenticator;
import dev.silo.core.auth.ConsoleSignIn;
import dev.silo.core.bucket.BucketService;
import dev.silo.core.content.CsvPreviewService;
import dev.silo.core.content.ImageEngine;
import dev.silo.core.content.ImageTransformService;
import dev.silo.core.content.TransformCache;
import dev.silo.core.credential.ApiKeyService;
import dev.silo.core.credential.s3.S3CredentialService;
import dev.silo.core.domain.Scope;
import dev.silo.core.events.EventFeed;
import dev.silo.core.events.OutboxSignal;
import dev.silo.core.events.WebhookService;
import dev.silo.core.object.ObjectMoves;
import dev.silo.core.object.ObjectService;
import dev.silo.core.signing.SigningService;
import dev.silo.core.tenant.TenantService;
import dev.silo.core.upload.PresignedUploadService;
import dev.silo.core.upload.resumable.ResumableUploadService;
import dev.silo.http.Route;
import dev.silo.http.RouteTable;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The route table of REST API v1: every route, who may call it, the scope it needs, and its
 * handler, in one place. Authorization is enforced from this table, so it cannot be forgotten.
 */
public final class RestApi {
  /** The core services the REST API speaks for. */
  public record Services(
      TenantService tenants,
      ApiKeyService keys,
      BucketService buckets,
      ObjectService objects,
      SigningService signing,
      PresignedUploadService uploads,
      AuditService audit,
      Authenticator authenticator,
      S3CredentialService s3Credentials,
      // null: POST /v1/uploads with "resumable" answers 400 resumable_unsupported
      ResumableUploadService resumable,
      dev.silo.core.version.VersionService versions,
      // null: sign-in through a tenant's identity provider answers 404 sign_in_not_offered
      ConsoleSignIn signIn) {
    /** No services: a table whose routes are only looked at, by tests of the table. */
    public static final Services NONE = new Services(null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** The content services: CSV preview and image transforms. */
  public record Content(CsvPreviewService previews, ImageTransformService images) {}

  /**
   * Events, webhooks and metrics. {@code poll}: how often an event stream looks for new events;
   * {@code metrics}: the Prometheus text of {@code /metrics}.
   */
  public record Events(
      WebhookService webhooks, EventFeed feed, OutboxSignal signal, java.time.Duration poll, Supplier<String> metrics) {
    /** No events and empty metrics: for tests of the table. */
    public static final Events NONE = new Events(null, null, new OutboxSignal(), java.time.Duration.ofMillis(250), () -> "");
  }

  private RestApi() {}

  /** The routes with previews and no image engine (transforms answer 422): for tests of the table. */
  public static RouteTable routes(Services s, Map<String, OpsRoutes.Check> readiness) {
    var limits = new ImageTransformService.Limits(1, 1, 1);
    return routes(
        s,
        new Content(new CsvPreviewService(s.objects()), new ImageTransformService(s.objects(), ImageEngine.NONE, TransformCache.NONE, limits)),
        readiness);
  }

  /** {@code readiness}: named checks of the dependencies, run by {@code /readyz}. */
  public static RouteTable routes(Services s, Content content, Map<String, OpsRoutes.Check> readiness) {
    return routes(s, content, readiness, Events.NONE);
  }

  /** The whole table, with the event, webhook and metrics routes served by {@code events}. */
  public static RouteTable routes(Services s, Content content, Map<String, OpsRoutes.Check> readiness, Events events) {
    var hooks = new WebhookRoutes(events.webhooks());
    var stream = new EventRoutes(events.feed(), events.signal(), events.poll());
    var tenants = new TenantRoutes(s.tenants(), s.keys());
    var buckets = new BucketRoutes(s.buckets(), s.versions());
    var objects = new ObjectRoutes(s.objects(), s.uploads(), content.images(), s.versions());
    var previews = new PreviewRoutes(content.previews(), s.versions());
    var signing = new SigningRoutes(s.signing(), s.uploads(), s.objects(), s.resumable(), s.versions());
    var ops = new OpsRoutes(readiness, s.audit());
    var s3 = new S3CredentialRoutes(s.s3Credentials());
    var signIn = new SignInRoutes(s.signIn());
    var moves = new MoveRoutes(new ObjectMoves(s.objects()));
    return new RouteTable(
        List.of(
            new Route("GET", "/healthz", ANONYMOUS, null, "liveness", ops::health),
            new Route("GET", "/readyz", ANONYMOUS, null, "readiness of metadata and storage", ops::ready),
            new Route("GET", "/readyz/tenants", OPERATOR, null, "readiness of each tenant's storage", tenants::storageHealth),
            new Route("GET", "/v1/openapi.json", ANONYMOUS, null, "this API's OpenAPI document", ops::openapi),
            new Route("GET", "/v1/sign-in/{tenant}", ANONYMOUS, null, "where to sign in through a tenant's identity provider", signIn::start),
            new Route("POST", "/v1/sign-in/{tenant}/token", ANONYMOUS, null, "redeem the provider's code for its access token", signIn::token),
            // operator
            new Route("POST", "/v1/tenants", OPERATOR, null, "create a tenant", tenants::create),
            new Route("GET", "/v1/tenants", OPERATOR, null, "list tenants", tenants::list),
            new Route("GET", "/v1/tenants/{tenant}", OPERATOR, null, "read a tenant with usage", tenants::get),
            new Route("PATCH", "/v1/tenants/{tenant}", OPERATOR, null, "update limits, name or status", tenants::update),
            new Route("DELETE", "/v1/tenants/{tenant}", OPERATOR, null, "delete a tenant and all its data", tenants::delete),
            new Route("POST", "/v1/tenants/{tenant}/rotate-key", OPERATOR, null, "give a tenant a new data key version for its new writes", tenants::rotateKey),
            new Route("POST", "/v1/tenants/{tenant}/keys", OPERATOR_FOR_TENANT, null, "create an API key for a tenant", tenants::createOwnKey),
            new Route("GET", "/v1/tenants/{tenant}/keys", OPERATOR_FOR_TENANT, null, "list a tenant's API keys", tenants::listOwnKeys),
            new Route("DELETE", "/v1/tenants/{tenant}/keys/{key_id}", OPERATOR_FOR_TENANT, null, "revoke a tenant's API key", tenants::revokeOwnKey),
            new Route("POST", "/v1/tenants/{tenant}/s3-credentials", OPERATOR_FOR_TENANT, null, "create S3 credentials for a tenant", s3::createOwn),
            new Route("GET", "/v1/tenants/{tenant}/s3-credentials", OPERATOR_FOR_TENANT, null, "list a tenant's S3 credentials", s3::listOwn),
            new Route("DELETE", "/v1/tenants/{tenant}/s3-credentials/{access_key_id}", OPERATOR_FOR_TENANT, null, "revoke a tenant's S3 credentials", s3::revokeOwn),
            // tenant
            new Route("GET", "/v1/tenant", TENANT, Scope.READ, "own tenant, limits and usage", tenants::own),
            new Route("POST", "/v1/buckets", TENANT, Scope.WRITE, "create a bucket", buckets::create),
            new Route("GET", "/v1/buckets", TENANT, Scope.READ, "list buckets", buckets::list),
            new Route("GET", "/v1/buckets/{bucket}", TENANT, Scope.READ, "read a bucket with usage", buckets::get),
            new Route("PATCH", "/v1/buckets/{bucket}", TENANT, Scope.WRITE, "set versioning and noncurrent_days", buckets::update),
            new Route("DELETE", "/v1/buckets/{bucket}", TENANT, Scope.DELETE, "delete a bucket", buckets::delete),
            new Route("GET", "/v1/buckets/{bucket}/lifecycle", TENANT, Scope.READ, "read a bucket's lifecycle rules", buckets::lifecycle),
            new Route("PUT", "/v1/buckets/{bucket}/lifecycle", TENANT, Scope.WRITE, "replace a bucket's lifecycle rules", buckets::putLifecycle),
            new Route("DELETE", "/v1/buckets/{bucket}/lifecycle", TENANT, Scope.WRITE, "remove a bucket's lifecycle rules", buckets::deleteLifecycle),
            new Route("GET", "/v1/buckets/{bucket}/cors", TENANT, Scope.READ, "read a bucket's CORS rules", buckets::cors),
            new Route("PUT", "/v1/buckets/{bucket}/cors", TENANT, Scope.WRITE, "replace a bucket's CORS rules", buckets::putCors),
            new Route("DELETE", "/v1/buckets/{bucket}/cors", TENANT, Scope.WRITE, "remove a bucket's CORS rules", buckets::deleteCors),
            new Route("POST", "/v1/keys", TENANT, Scope.ADMIN, "create an own API key", tenants::createOwnKey),
            new Route("GET", "/v1/keys", TENANT, Scope.ADMIN, "list own API keys", tenants::listOwnKeys),
            new Route("DELETE", "/v1/keys/{key_id}", TENANT, Scope.ADMIN, "revoke an own API key", tenants::revokeOwnKey),
            new Route("POST", "/v1/s3-credentials", TENANT, Scope.ADMIN, "create S3 credentials (secret shown once)", s3::createOwn),
            new Route("GET", "/v1/s3-credentials", TENANT, Scope.ADMIN, "list own S3 credentials", s3::listOwn),
            new Route("DELETE", "/v1/s3-credentials/{access_key_id}", TENANT, Scope.ADMIN, "revoke own S3 credentials", s3::revokeOwn),
            new Route("GET", "/v1/mount-info", TENANT, Scope.READ, "tenant, bucket, endpoint and region for S3 clients", s3::mountInfo),
            new Route("GET", "/v1/objects", TENANT, Scope.READ, "list objects", objects::list),
            new Route("PUT", "/v1/objects/{key+}", TENANT_OR_SIGNED, Scope.WRITE, "upload an object", objects::put, ObjectRoutes.signedAs("PUT")),
            new Route("GET", "/v1/objects/{key+}", TENANT_OR_SIGNED, Scope.READ, "download an object", objects::get, ObjectRoutes.signedAs("GET")),
            new Route("HEAD", "/v1/objects/{key+}", TENANT_OR_SIGNED, Scope.READ, "an object's headers", objects::get, ObjectRoutes.signedAs("GET")),
            new Route("DELETE", "/v1/objects/{key+}", TENANT, Scope.DELETE, "delete an object (?version_id=: that version, for good)", objects::delete),
            new Route("POST", "/v1/objects/{key+}", TENANT, Scope.WRITE, "restore a version: POST .../{key}/restore {\"version_id\"}", objects::restore),
            new Route("POST", "/v1/copy", TENANT, Scope.WRITE, "copy an object to another key or bucket", moves::copy),
            new Route("POST", "/v1/move", TENANT, Scope.WRITE, "move (rename) an object; scope delete too", moves::move),
            new Route("GET", "/v1/versions", TENANT, Scope.READ, "list versions and delete markers", objects::listVersions),
            new Route("GET", "/v1/info/{key+}", TENANT, Scope.READ, "an object's metadata", objects::info),
            new Route("PATCH", "/v1/info/{key+}", TENANT, Scope.WRITE, "update acl, folder, metadata", objects::updateInfo),
            new Route("POST", "/v1/sign/{key+}", TENANT, Scope.READ, "a signed download URL", signing::sign),
            new Route("GET", "/v1/ids/{object_id}", TENANT, Scope.READ, "an object's metadata by id", signing::byId),
            new Route("GET", "/v1/ids/{object_id}/download-url", TENANT, Scope.READ, "a signed download URL by id", signing::downloadUrl),
            new Route("GET", "/v1/ids/{object_id}/preview", TENANT, Scope.READ, "a bounded CSV/TSV preview by id", previews::byId),
            new Route("GET", "/v1/preview/{key+}", TENANT, Scope.READ, "a bounded CSV/TSV preview (?version_id=: of that version)", previews::byKey),
            new Route("POST", "/v1/uploads", TENANT, Scope.WRITE, "start a presigned upload", signing::initiate),
            new Route("POST", "/v1/uploads/{object_id}/complete", TENANT, Scope.WRITE, "verify and publish an upload", signing::complete),
            new Route("GET", "/v1/audit", TENANT_OR_OPERATOR, Scope.ADMIN, "the audit log: a tenant's own, or the operator's of every tenant (?tenant=)", ops::auditLog),
            new Route("GET", "/metrics", ANONYMOUS, null, "Prometheus metrics", ex -> OpsRoutes.metrics(ex, events.metrics())),
            new Route("GET", "/v1/events", TENANT, Scope.READ, "the tenant's events as server-sent events", stream::stream),
            new Route("POST", "/v1/webhooks", TENANT, Scope.ADMIN, "create a webhook (secret shown once)", hooks::createOwn),
            new Route("GET", "/v1/webhooks", TENANT, Scope.ADMIN, "list webhooks", hooks::listOwn),
            new Route("GET", "/v1/webhooks/{webhook_id}", TENANT, Scope.ADMIN, "read a webhook", hooks::getOwn),
            new Route("DELETE", "/v1/webhooks/{webhook_id}", TENANT, Scope.ADMIN, "delete a webhook", hooks::deleteOwn),
            new Route("GET", "/v1/webhooks/{webhook_id}/deliveries", TENANT, Scope.ADMIN, "a webhook's deliveries (?status=dead)", hooks::deliveries),
            new Route("POST", "/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redrive", TENANT, Scope.ADMIN, "send a dead delivery again", hooks::redrive),
            new Route("POST", "/v1/tenants/{tenant}/webhooks", OPERATOR_FOR_TENANT, null, "create a webhook for a tenant", hooks::createOwn),
            new Route("GET", "/v1/tenants/{tenant}/webhooks", OPERATOR_FOR_TENANT, null, "list a tenant's webhooks", hooks::listOwn),
            new Route("DELETE", "/v1/tenants/{tenant}/webhooks/{webhook_id}", OPERATOR_FOR_TENANT, null, "delete a tenant's webhook", hooks::deleteOwn),
            new Route("GET", "/v1/public/{tenant}/{key+}", ANONYMOUS, null, "a public object", objects::getPublic),
            new Route("HEAD", "/v1/public/{tenant}/{key+}", ANONYMOUS, null, "a public object's headers", objects::getPublic)));
  }
}
