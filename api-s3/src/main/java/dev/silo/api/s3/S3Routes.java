package dev.silo.api.s3;

import dev.silo.core.domain.Scope;
import java.util.List;
import java.util.Set;

/**
 * The route table of the S3 protocol: method, what is addressed (the service, a bucket or an
 * object), the sub-resource that selects the operation, the scope it needs, and its handler. The
 * server enforces the scope (and a bucket-scoped credential's bucket) from this table in one
 * place. A request that names any sub-resource Silo does not implement is {@code NotImplemented}.
 */
final class S3Routes {
  enum Target {
    SERVICE,
    BUCKET,
    OBJECT
  }

  @FunctionalInterface
  interface Handler {
    void handle(S3Exchange ex) throws Exception;
  }

  record Route(String operation, String method, Target target, String subresource, Scope scope, Handler handler) {}

  /** Sub-resources that select an operation; a plain request has none of them. */
  static final Set<String> SUBRESOURCES =
      Set.of(
          "uploads", "uploadId", "location", "versions", "list-type", "delete", "acl", "policy", "policyStatus",
          "cors", "lifecycle", "tagging", "versioning", "website", "logging", "notification", "replication",
          "encryption", "object-lock", "retention", "legal-hold", "restore", "select", "torrent", "accelerate",
          "analytics", "inventory", "metrics", "ownershipControls", "publicAccessBlock", "requestPayment",
          "intelligent-tiering", "attributes", "versionId", "partNumber", "session");

  private final List<Route> routes;

  S3Routes(
      ServiceOps service, BucketOps buckets, ListOps lists, ObjectOps objects, MultipartOps multipart, ObjectLockOps locks,
      AclOps acls, UnsetConfigurations unset) {
    List<Route> served =
        List.of(
            new Route("ListBuckets", "GET", Target.SERVICE, null, Scope.READ, service::listBuckets),
            new Route("ListMultipartUploads", "GET", Target.BUCKET, "uploads", Scope.READ, multipart::listUploads),
            new Route("GetBucketLocation", "GET", Target.BUCKET, "location", Scope.READ, buckets::location),
            new Route("GetBucketVersioning", "GET", Target.BUCKET, "versioning", Scope.READ, buckets::getVersioning),
            new Route("PutBucketVersioning", "PUT", Target.BUCKET, "versioning", Scope.WRITE, buckets::putVersioning),
            new Route("ListObjectVersions", "GET", Target.BUCKET, "versions", Scope.READ, lists::versions),
            new Route("ListObjectsV2", "GET", Target.BUCKET, "list-type", Scope.READ, lists::v2),
            new Route("ListObjects", "GET", Target.BUCKET, null, Scope.READ, lists::v1),
            new Route("GetBucketEncryption", "GET", Target.BUCKET, "encryption", Scope.READ, buckets::getEncryption),
            new Route("PutBucketEncryption", "PUT", Target.BUCKET, "encryption", Scope.WRITE, buckets::putEncryption),
            new Route("GetBucketLifecycleConfiguration", "GET", Target.BUCKET, "lifecycle", Scope.READ, buckets::getLifecycle),
            new Route("PutBucketLifecycleConfiguration", "PUT", Target.BUCKET, "lifecycle", Scope.WRITE, buckets::putLifecycle),
            new Route("DeleteBucketLifecycle", "DELETE", Target.BUCKET, "lifecycle", Scope.WRITE, buckets::deleteLifecycle),
            new Route("GetBucketTagging", "GET", Target.BUCKET, "tagging", Scope.READ, buckets::getTagging),
            new Route("PutBucketTagging", "PUT", Target.BUCKET, "tagging", Scope.WRITE, buckets::putTagging),
            new Route("DeleteBucketTagging", "DELETE", Target.BUCKET, "tagging", Scope.WRITE, buckets::deleteTagging),
            new Route("GetObjectLockConfiguration", "GET", Target.BUCKET, "object-lock", Scope.READ, locks::getConfiguration),
            new Route("PutObjectLockConfiguration", "PUT", Target.BUCKET, "object-lock", Scope.ADMIN, locks::putConfiguration),
            new Route("GetBucketAcl", "GET", Target.BUCKET, "acl", Scope.READ, acls::getBucket),
            new Route("PutBucketAcl", "PUT", Target.BUCKET, "acl", Scope.WRITE, acls::putBucket),
            new Route("GetBucketCors", "GET", Target.BUCKET, "cors", Scope.READ, buckets::getCors),
            new Route("PutBucketCors", "PUT", Target.BUCKET, "cors", Scope.WRITE, buckets::putCors),
            new Route("DeleteBucketCors", "DELETE", Target.BUCKET, "cors", Scope.WRITE, buckets::deleteCors),
            new Route("HeadBucket", "HEAD", Target.BUCKET, null, Scope.READ, buckets::head),
            new Route("CreateBucket", "PUT", Target.BUCKET, null, Scope.WRITE, buckets::create),
            new Route("DeleteBucket", "DELETE", Target.BUCKET, null, Scope.DELETE, buckets::delete),
            new Route("DeleteObjects", "POST", Target.BUCKET, "delete", Scope.DELETE, objects::deleteMany),
            new Route("PostObject", "POST", Target.BUCKET, null, Scope.WRITE, objects::post),
            new Route("GetObjectAttributes", "GET", Target.OBJECT, "attributes", Scope.READ, objects::getAttributes),
            new Route("GetObjectTagging", "GET", Target.OBJECT, "tagging", Scope.READ, objects::getTagging),
            new Route("PutObjectTagging", "PUT", Target.OBJECT, "tagging", Scope.WRITE, objects::putTagging),
            new Route("DeleteObjectTagging", "DELETE", Target.OBJECT, "tagging", Scope.WRITE, objects::deleteTagging),
            new Route("GetObjectAcl", "GET", Target.OBJECT, "acl", Scope.READ, acls::getObject),
            new Route("PutObjectAcl", "PUT", Target.OBJECT, "acl", Scope.WRITE, acls::putObject),
            new Route("GetObjectRetention", "GET", Target.OBJECT, "retention", Scope.READ, locks::getRetention),
            new Route("PutObjectRetention", "PUT", Target.OBJECT, "retention", Scope.WRITE, locks::putRetention),
            new Route("GetObjectLegalHold", "GET", Target.OBJECT, "legal-hold", Scope.READ, locks::getLegalHold),
            new Route("PutObjectLegalHold", "PUT", Target.OBJECT, "legal-hold", Scope.WRITE, locks::putLegalHold),
            new Route("ListParts", "GET", Target.OBJECT, "uploadId", Scope.READ, multipart::listParts),
            new Route("GetObject", "GET", Target.OBJECT, null, Scope.READ, objects::get),
            new Route("HeadObject", "HEAD", Target.OBJECT, null, Scope.READ, objects::get),
            new Route("UploadPart", "PUT", Target.OBJECT, "uploadId", Scope.WRITE, multipart::uploadPart),
            new Route("PutObject", "PUT", Target.OBJECT, null, Scope.WRITE, objects::put),
            new Route("CreateMultipartUpload", "POST", Target.OBJECT, "uploads", Scope.WRITE, multipart::create),
            new Route("CompleteMultipartUpload", "POST", Target.OBJECT, "uploadId", Scope.WRITE, multipart::complete),
            new Route("AbortMultipartUpload", "DELETE", Target.OBJECT, "uploadId", Scope.WRITE, multipart::abort),
            new Route("DeleteObject", "DELETE", Target.OBJECT, null, Scope.DELETE, objects::delete));
    routes = java.util.stream.Stream.concat(served.stream(), unset.routes().stream()).toList();
  }

  List<Route> routes() {
    return routes;
  }

  Route match(S3Exchange ex) {
    Target target = !ex.hasBucket() ? Target.SERVICE : ex.hasKey() ? Target.OBJECT : Target.BUCKET;
    String method = ex.method();
    for (Route r : routes) {
      if (!r.method().equals(method) || r.target() != target) {
        continue;
      }
      if (r.subresource() != null && ex.has(r.subresource())) {
        return r;
      }
      if (r.subresource() == null && ex.queryParams().stream().noneMatch(p -> selects(p.getKey(), r))) {
        return r;
      }
    }
    String named =
        ex.queryParams().stream().map(java.util.Map.Entry::getKey).filter(SUBRESOURCES::contains).findFirst().orElse("");
    throw S3Error.unsupportedOperation(method + " on " + target.name().toLowerCase(java.util.Locale.ROOT) + (named.isEmpty() ? "" : " ?" + named));
  }

  /**
   * Whether a query parameter selects another operation than a plain one. {@code versionId=null}
   * is what S3 clients send for unversioned objects, and {@code partNumber} on a read selects a
   * part of the object: both are served by the plain read.
   */
  private static boolean selects(String param, Route r) {
    if (!SUBRESOURCES.contains(param)) {
      return false;
    }
    boolean read = r.method().equals("GET") || r.method().equals("HEAD");
    return !(param.equals("versionId") || (param.equals("partNumber") && read));
  }
}
