package dev.silo.api.rest;

import dev.silo.core.domain.ListingFields;
import dev.silo.core.auth.Authenticator;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.content.ImageTransformService;
import dev.silo.core.content.Transform;
import dev.silo.core.domain.Acl;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectLock;
import dev.silo.core.domain.ObjectTags;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.object.InfoPatch;
import dev.silo.core.object.ObjectService;
import dev.silo.core.object.PutRequest;
import dev.silo.core.object.PutResult;
import dev.silo.core.object.ReadResult;
import dev.silo.core.upload.PresignedUploadService;
import dev.silo.core.version.ObjectVersion;
import dev.silo.core.version.VersionListing;
import dev.silo.core.version.VersionService;
import dev.silo.http.DigestCheckingInputStream;
import dev.silo.http.Exchange;
import dev.silo.http.SignedTarget;
import java.io.IOException;
import java.util.List;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/** Objects by key: upload, download, head, delete, list, metadata; public and signed reads. */
final class ObjectRoutes {
  private final ObjectService objects;
  private final PresignedUploadService uploads;
  private final ImageTransformService images;
  private final VersionService versions;

  ObjectRoutes(ObjectService objects, PresignedUploadService uploads, ImageTransformService images, VersionService versions) {
    this.objects = objects;
    this.uploads = uploads;
    this.images = images;
    this.versions = versions;
  }

  /**
   * The {@code version_id} query parameter, or null. A signed URL reads the version it was signed
   * for: the token was verified against the request's version ({@link #signedAs}), so a URL for
   * the current object with a version added is already refused.
   */
  private static String versionId(Exchange ex) {
    String v = ex.query("version_id").orElse(null);
    var grant = ex.context().grant();
    if (grant.isPresent() && !java.util.Objects.equals(grant.get().claims().version(), v)) {
      throw new InvalidInputException("version_id_not_signed", "this signed URL was not signed for that version");
    }
    return v;
  }

  /** What a signed URL for {@code method} must name: the bucket, key and (downloads) version of the request. */
  static SignedTarget signedAs(String method) {
    return ex -> new Authenticator.TokenTarget(
        bucket(ex), key(ex), method, method.equals("GET") ? ex.query("version_id").orElse(null) : null);
  }

  void put(Exchange ex) throws IOException {
    RequestContext ctx = ex.context();
    String contentType = ex.header("Content-Type").orElse(null);
    var upload = ctx.grant().map(RequestContext.Grant::claims).filter(c -> c.upload() != null);
    if (upload.isPresent()) {
      ex.json(200, Views.object(uploads.receive(ctx, upload.get(), contentType, ex.contentLength(), uploadBody(ex))));
      return;
    }
    write(ex, ctx, bucket(ex), key(ex), contentType);
  }

  private void write(Exchange ex, RequestContext ctx, BucketName bucket, ObjectKey key, String contentType) throws IOException {
    PutRequest req =
        new PutRequest(
            bucket,
            key,
            contentType,
            ex.contentLength(),
            HttpHeaders.acl(ex),
            ex.header("X-Silo-Folder").orElse(null),
            HttpHeaders.userMetadata(ex),
            HttpHeaders.conditions(ex))
        .withHeaders(HttpHeaders.standardHeaders(ex));
    PutResult result = objects.put(ctx, req, uploadBody(ex));
    written(ex, result, result.created() ? 201 : 200);
  }

  /** The answer to a write that left an object: its ETag and version as headers, its view as the body. */
  static void written(Exchange ex, PutResult result, int status) throws IOException {
    ex.header("ETag", "\"" + result.object().etag() + "\"");
    ex.header(VERSION_HEADER, result.object().version().wire());
    ex.json(status, Views.object(result.object()));
  }

  /** An uploaded body, checked against its {@code Content-MD5} as S3 does: a mismatch stores nothing. */
  private static InputStream uploadBody(Exchange ex) {
    return DigestCheckingInputStream.contentMd5(ex.header("Content-MD5").orElse(null), ex.body());
  }

  void get(Exchange ex) throws IOException {
    ObjectKey key = key(ex);
    BucketName bucket = bucket(ex);
    RequestContext ctx = ex.context();
    boolean body = !ex.method().equals("HEAD");
    Transform transform = transform(ex);
    String version = versionId(ex);
    if (version != null) {
      if (transform != null) {
        ImageTransformService.Outcome image =
            images.transform(b -> versions.read(ctx, bucket, key, version, null, null, b), transform, ex.header("If-None-Match").orElse(null));
        ex.header(VERSION_HEADER, version);
        sendImage(ex, image, body);
        return;
      }
      ReadResult r = versions.read(ctx, bucket, key, version, HttpHeaders.range(ex), HttpHeaders.conditions(ex), body);
      ex.header(VERSION_HEADER, r.object().version().wire());
      send(ex, r, body);
      return;
    }
    if (transform != null) {
      sendImage(ex, images.transform(ctx, bucket, key, transform, ex.header("If-None-Match").orElse(null)), body);
      return;
    }
    send(ex, objects.read(ctx, bucket, key, HttpHeaders.range(ex), HttpHeaders.conditions(ex), body), body);
  }

  /** The version a response is about: Silo's id, or {@code null} for the null version. */
  static final String VERSION_HEADER = "X-Silo-Version-Id";

  void getPublic(Exchange ex) throws IOException {
    boolean body = !ex.method().equals("HEAD");
    TenantSlug slug;
    try {
      slug = new TenantSlug(ex.param("tenant"));
    } catch (RuntimeException e) {
      throw ObjectService.notFound();
    }
    Transform transform = transform(ex);
    if (transform != null) {
      sendImage(ex, images.transformPublic(slug, bucket(ex), key(ex), transform, ex.header("If-None-Match").orElse(null)), body);
      return;
    }
    send(ex, objects.readPublic(slug, bucket(ex), key(ex), HttpHeaders.range(ex), HttpHeaders.conditions(ex), body), body);
  }

  /** The transform the query asks for, or null for the original bytes. */
  private static Transform transform(Exchange ex) {
    Map<String, String> q = new HashMap<>();
    for (String name : Transform.PARAMETERS) {
      ex.query(name).ifPresent(v -> q.put(name, v));
    }
    return q.isEmpty() ? null : Transform.parse(q);
  }

  /** A transformed image: whole (Range does not apply), with its own ETag and caching. */
  private static void sendImage(Exchange ex, ImageTransformService.Outcome outcome, boolean body) throws IOException {
    ex.header("ETag", outcome.etag());
    ex.header("Cache-Control", outcome.cacheControl());
    switch (outcome) {
      case ImageTransformService.Outcome.NotModified nm -> ex.empty(304);
      case ImageTransformService.Outcome.Image img -> {
        ex.header("Content-Type", img.mediaType());
        ex.header("X-Content-Type-Options", "nosniff");
        ex.header("X-Silo-Transform-Cache", img.cached() ? "hit" : "miss");
        ex.stream(200, img.length(), img.body(), body);
      }
    }
  }

  private static void send(Exchange ex, ReadResult result, boolean body) throws IOException {
    HttpHeaders.describe(ex, result.object());
    switch (result) {
      case ReadResult.NotModified nm -> ex.empty(304);
      case ReadResult.Content c -> {
        HttpHeaders.contentHeaders(ex, c.object());
        int status = 200;
        if (c.range() != null) {
          status = 206;
          ex.header("Content-Range", "bytes " + c.range().first() + "-" + c.range().last() + "/" + c.object().size());
        }
        ex.stream(status, c.length(), c.body(), body);
      }
    }
  }

  /**
   * Without {@code version_id}: deletes the object (in a versioned bucket, writes a delete marker,
   * named by {@code X-Silo-Version-Id} with {@code X-Silo-Delete-Marker: true}). With it: deletes
   * that version for good; under a GOVERNANCE retention only with {@code bypass_governance=true}
   * and scope {@code admin}, as S3's {@code x-amz-bypass-governance-retention}.
   */
  void delete(Exchange ex) throws IOException {
    String version = versionId(ex);
    if (version != null) {
      ObjectVersion gone = versions.delete(ex.context(), bucket(ex), key(ex), version, bypassGovernance(ex));
      ex.header(VERSION_HEADER, gone.versionId());
      if (gone.deleteMarker()) {
        ex.header("X-Silo-Delete-Marker", "true");
      }
      ex.empty(204);
      return;
    }
    ObjectService.DeleteResult result = objects.delete(ex.context(), bucket(ex), key(ex), HttpHeaders.conditions(ex));
    if (result.deleteMarker()) {
      ex.header(VERSION_HEADER, result.marker().version().wire());
      ex.header("X-Silo-Delete-Marker", "true");
    }
    ex.empty(204);
  }

  /**
   * {@code POST /v1/objects/{key}/restore {"version_id": "..."}}: that version becomes current
   * again, as a new version sharing its bytes. POST on an object path means only this, so the
   * {@code /restore} suffix is always the action and the key is what precedes it (a key that
   * itself ends in {@code /restore} is restored at {@code .../restore/restore}).
   */
  void restore(Exchange ex) throws IOException {
    String path = ex.param("key");
    if (!path.endsWith(RESTORE_SUFFIX) || path.length() == RESTORE_SUFFIX.length()) {
      throw new NotFoundException("not_found", "no such route");
    }
    Bodies.Restore body = ex.readJson(Bodies.Restore.class);
    if (body == null || body.versionId() == null || body.versionId().isEmpty()) {
      throw new InvalidInputException("invalid_version_id", "version_id is required");
    }
    ObjectKey key = new ObjectKey(path.substring(0, path.length() - RESTORE_SUFFIX.length()));
    PutResult result = versions.restore(ex.context(), bucket(ex), key, body.versionId());
    written(ex, result, 201);
  }

  private static final String RESTORE_SUFFIX = "/restore";

  /**
   * {@code GET /v1/versions?bucket=&prefix=&delimiter=&cursor=&limit=}: versions and delete
   * markers, keys in order, newest first within a key, with {@code is_latest}.
   */
  void listVersions(Exchange ex) throws IOException {
    PageQuery q = PageQuery.of(ex);
    VersionListing listing = versions.list(ex.context(), bucket(ex), q.prefix(), q.delimiter(), q.cursor(), q.limit());
    page(ex, listing.versions().stream().map(Views::version).toList(), listing.prefixes(), listing.nextCursor());
  }

  void list(Exchange ex) throws IOException {
    PageQuery q = PageQuery.of(ex);
    var listing = objects.list(ex.context(), bucket(ex), q.prefix(), q.delimiter(), q.cursor(), q.limit(), ListingFields.FULL);
    page(ex, listing.items().stream().map(Views::object).toList(), listing.prefixes(), listing.nextCursor());
  }

  /** The query of a listing page: {@code prefix}, {@code delimiter}, {@code cursor}, {@code limit}. */
  private record PageQuery(String prefix, String delimiter, String cursor, Integer limit) {
    static PageQuery of(Exchange ex) {
      return new PageQuery(
          ex.query("prefix").orElse(null),
          ex.query("delimiter").orElse(null),
          ex.query("cursor").orElse(null),
          ex.pageLimit().orElse(null));
    }
  }

  /** A listing page as both listings answer it: items, common prefixes and the next cursor. */
  private static void page(Exchange ex, List<?> items, List<String> prefixes, String nextCursor) throws IOException {
    var view = new java.util.LinkedHashMap<String, Object>();
    view.put("items", items);
    view.put("prefixes", prefixes);
    view.put("next_cursor", nextCursor);
    ex.json(200, view);
  }

  void info(Exchange ex) throws IOException {
    String version = versionId(ex);
    if (version != null) {
      ObjectVersion v = versions.find(ex.context(), bucket(ex), key(ex), version);
      if (v.deleteMarker()) {
        throw VersionService.notFound();
      }
      ex.json(200, Views.version(v));
      return;
    }
    ex.json(200, Views.object(objects.info(ex.context(), bucket(ex), key(ex))));
  }

  /**
   * {@code acl}, {@code folder} and {@code metadata} change the object's attributes (and its
   * modification time); {@code tags} replace its tags as S3's PutObjectTagging does, leaving the
   * modification time that lifecycle rules count from; in a bucket with object lock, {@code
   * retention} ({@code {"mode", "retain_until"}}, null to remove) and {@code legal_hold} set its
   * lock as S3's PutObjectRetention and PutObjectLegalHold do. Tags and the retention are checked
   * before anything changes.
   */
  void updateInfo(Exchange ex) throws IOException {
    Bodies.InfoPatch body = ex.readJson(Bodies.InfoPatch.class);
    ObjectTags tags = body.tags() == null ? null : new ObjectTags(body.tags());
    ObjectLock retention = body.retention() == null ? null : retention(body.retention());
    ObjectInfo o = null;
    boolean attributes = body.acl() != null || body.folder() != null || body.metadata() != null;
    if (attributes || (tags == null && retention == null && body.legalHold() == null)) {
      InfoPatch patch = new InfoPatch(body.acl() == null ? null : Acl.parse(body.acl()), body.folder(), body.metadata());
      o = objects.updateInfo(ex.context(), bucket(ex), key(ex), patch);
    }
    if (tags != null) {
      o = versions.setTags(ex.context(), bucket(ex), key(ex), null, tags).object();
    }
    if (retention != null) {
      o = versions.setRetention(ex.context(), bucket(ex), key(ex), null, retention.mode(), retention.retainUntil(),
          bypassGovernance(ex)).object();
    }
    if (body.legalHold() != null) {
      o = versions.setLegalHold(ex.context(), bucket(ex), key(ex), null, body.legalHold()).object();
    }
    ex.json(200, Views.object(o));
  }

  /** {@code ?bypass_governance=true}: a GOVERNANCE retention shortened or ignored by a caller with scope {@code admin}. */
  private static boolean bypassGovernance(Exchange ex) {
    return ex.query("bypass_governance").map(v -> {
      if (!v.equals("true") && !v.equals("false")) {
        throw new InvalidInputException("invalid_bypass_governance", "bypass_governance is true or false");
      }
      return v.equals("true");
    }).orElse(false);
  }

  /** A {@code retention} of PATCH /v1/info: its mode and date, or JSON null (none). */
  private static ObjectLock retention(com.fasterxml.jackson.databind.JsonNode node) {
    if (node.isNull()) {
      return ObjectLock.NONE;
    }
    if (!node.isObject()) {
      throw new InvalidInputException("invalid_object_lock", "retention is {\"mode\", \"retain_until\"} or null");
    }
    return ObjectLock.of(node.path("mode").isTextual() ? node.path("mode").asText() : null,
        node.path("retain_until").isTextual() ? node.path("retain_until").asText() : null, false);
  }

  static ObjectKey key(Exchange ex) {
    return new ObjectKey(ex.param("key"));
  }

  static BucketName bucket(Exchange ex) {
    return ex.query("bucket").filter(b -> !b.isEmpty()).map(BucketName::new).orElse(null);
  }
}
