package dev.silo.api.rest;

import dev.silo.core.domain.Category;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.object.ObjectService;
import dev.silo.core.signing.SignedLink;
import dev.silo.core.signing.SigningService;
import dev.silo.core.upload.PresignedUploadService;
import dev.silo.core.upload.UploadRequest;
import dev.silo.core.upload.UploadTicket;
import dev.silo.core.upload.resumable.Creation;
import dev.silo.core.upload.resumable.ResumableUploadService;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.version.VersionService;
import dev.silo.http.Exchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Signed URLs, lookups by id and the presigned upload flow. */
final class SigningRoutes {
  private final SigningService signing;
  private final PresignedUploadService uploads;
  private final ObjectService objects;

  private final ResumableUploadService resumable;
  private final VersionService versions;

  SigningRoutes(
      SigningService signing, PresignedUploadService uploads, ObjectService objects, ResumableUploadService resumable,
      VersionService versions) {
    this.signing = signing;
    this.uploads = uploads;
    this.objects = objects;
    this.resumable = resumable;
    this.versions = versions;
  }

  void sign(Exchange ex) throws IOException {
    Bodies.Sign body = ex.readJson(Bodies.Sign.class);
    SignedLink link =
        body.versionId() == null
            ? signing.signGet(ex.context(), ObjectRoutes.bucket(ex), ObjectRoutes.key(ex), body.ttlSeconds())
            : signing.signVersion(
                ex.context(), versions.info(ex.context(), ObjectRoutes.bucket(ex), ObjectRoutes.key(ex), body.versionId()), body.ttlSeconds());
    ex.json(200, link(link));
  }

  void byId(Exchange ex) throws IOException {
    ex.json(200, Views.object(objects.byId(ex.context(), new ObjectId(ex.param("object_id")))));
  }

  void downloadUrl(Exchange ex) throws IOException {
    Long ttl = ex.queryLong("ttl_seconds").orElse(null);
    ex.json(200, link(signing.downloadUrl(ex.context(), new ObjectId(ex.param("object_id")), ttl)));
  }

  void initiate(Exchange ex) throws IOException {
    Bodies.Upload body = ex.readJson(Bodies.Upload.class);
    if (Boolean.TRUE.equals(body.resumable())) {
      if (resumable == null) {
        throw new InvalidInputException("resumable_unsupported", "resumable uploads are not available");
      }
      initiateResumable(ex, body);
      return;
    }
    UploadTicket t =
        uploads.initiate(
            ex.context(),
            new UploadRequest(
                body.filename(),
                body.contentType(),
                body.size(),
                Category.parse(body.category()),
                body.bucket() == null ? null : new dev.silo.core.domain.BucketName(body.bucket()),
                body.ttlSeconds(),
                body.metadata(),
                body.headers()));
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("object_id", t.objectId().value());
    view.put("bucket", t.pending().bucket().value());
    view.put("key", t.pending().key().value());
    view.put("upload_url", t.uploadUrl());
    view.put("method", t.method());
    view.put("headers", t.headers());
    view.put("expires_at", t.expiresAt());
    ex.json(201, view);
  }

  /**
   * A resumable upload for a browser: the answer's {@code upload_url} is a TUS creation URL whose
   * signed token authorizes creating, then resuming, this one upload.
   */
  private void initiateResumable(Exchange ex, Bodies.Upload body) throws IOException {
    ResumableUploadService.Reservation r =
        resumable.reserve(
            ex.context(),
            new Creation(
                body.bucket() == null ? null : new dev.silo.core.domain.BucketName(body.bucket()),
                null,
                body.filename(),
                body.contentType(),
                Category.parse(body.category()),
                body.size(),
                body.metadata(),
                body.headers()),
            body.ttlSeconds());
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("object_id", r.upload().objectId().value());
    view.put("bucket", r.upload().bucket().value());
    view.put("key", r.upload().key().value());
    view.put("upload_url", r.creationUrl());
    view.put("method", "TUS");
    view.put("headers", Map.of("Tus-Resumable", "1.0.0"));
    view.put("expires_at", r.tokenExpiresAt());
    view.put("upload_expires_at", r.upload().expiresAt());
    ex.json(201, view);
  }

  void complete(Exchange ex) throws IOException {
    ex.json(200, Views.object(uploads.complete(ex.context(), new ObjectId(ex.param("object_id")))));
  }

  private static Map<String, Object> link(SignedLink link) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("url", link.url());
    m.put("expires_at", link.expiresAt());
    return m;
  }
}
