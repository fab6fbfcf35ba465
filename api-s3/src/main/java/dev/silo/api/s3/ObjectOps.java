package dev.silo.api.s3;

import dev.silo.api.s3.sigv4.SigV4;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Acl;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectTags;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.Version;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.error.PreconditionFailedException;
import dev.silo.core.error.SiloException;
import dev.silo.core.multipart.PartLayout;
import dev.silo.core.object.Conditions;
import dev.silo.core.object.ObjectService;
import dev.silo.core.object.PutRequest;
import dev.silo.core.object.PutResult;
import dev.silo.core.object.IfRange;
import dev.silo.core.object.RangeRequest;
import dev.silo.core.object.ReadResult;
import dev.silo.core.version.ObjectVersion;
import dev.silo.core.version.VersionService;
import java.io.IOException;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * GetObject, HeadObject, PutObject, CopyObject, DeleteObject, DeleteObjects. A {@code versionId}
 * names a version (through {@link VersionService}, when the server has one); without it the
 * current object is meant, and a key whose newest version is a delete marker answers 404 with
 * {@code x-amz-delete-marker: true}, as S3.
 */
final class ObjectOps {
  private static final Map<String, String> RESPONSE_OVERRIDES =
      Map.of(
          "response-content-type", "Content-Type",
          "response-content-language", "Content-Language",
          "response-expires", "Expires",
          "response-cache-control", "Cache-Control",
          "response-content-disposition", "Content-Disposition",
          "response-content-encoding", "Content-Encoding");

  private final ObjectService objects;
  private final VersionService versions;

  /** {@code versions} null: only the current object (and the null version) can be addressed. */
  ObjectOps(ObjectService objects, VersionService versions) {
    this.objects = objects;
    this.versions = versions;
  }

  void get(S3Exchange ex) throws IOException {
    boolean body = ex.method().equals("GET");
    var claimed = ex.query("response-content-type");
    if (claimed.isPresent()) {
      objects.requireAllowed(ex.context(), claimed.get());
    }
    if (ex.has("partNumber")) {
      getPart(ex, body);
      return;
    }
    RangeRequest range = body || ex.header("Range").isPresent() ? range(ex.header("Range").orElse(null)) : null;
    if (range != null) {
      range = range.onlyIf(ifRange(ex));
    }
    Conditions conditions = readConditions(ex, ex.bucket(), ex.key(), "");
    String versionId = versionId(ex);
    if (versionId != null) {
      ObjectVersion v = versions.find(ex.context(), ex.bucket(), ex.key(), versionId);
      if (v.deleteMarker()) {
        markerHeaders(ex, v.versionId());
        ex.header("Last-Modified", ObjectHeaders.httpDate(v.object().updatedAt()));
        throw new S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
      }
      answer(ex, versions.read(ex.context(), ex.bucket(), ex.key(), versionId, range, conditions, body), body, null, null);
      return;
    }
    ReadResult r;
    try {
      r = objects.read(ex.context(), ex.bucket(), ex.key(), range, conditions, body);
    } catch (NotFoundException e) {
      latestMarker(ex, e);
      throw e;
    }
    answer(ex, r, body, null, null);
  }

  /**
   * The version a request names by {@code versionId}, or null for the current object. Without a
   * version service only {@code null} is accepted (it is the current object there). An id that
   * cannot be one Silo made is 400 InvalidArgument, as S3 answers a malformed one; a well-formed
   * id the key does not have is 404 NoSuchVersion (from the core).
   */
  private String versionId(S3Exchange ex) {
    String v = ex.query("versionId").orElse(null);
    if (v == null) {
      return null;
    }
    if (versions == null) {
      if (!v.equals(Version.NULL_ID)) {
        throw S3Error.invalidArgument("Invalid version id specified");
      }
      return null;
    }
    return checkedVersionId(v);
  }

  static String checkedVersionId(String v) {
    if (!Version.plausible(v)) {
      throw S3Error.invalidArgument("Invalid version id specified");
    }
    return v;
  }

  /** On a 404 for a key: if its newest version is a delete marker, say so as S3 does. */
  private void latestMarker(S3Exchange ex, NotFoundException e) {
    if (versions == null || e.code().equals("bucket_not_found")) {
      return;
    }
    try {
      var page = versions.list(ex.context(), ex.bucket(), ex.keyText(), null, null, 1);
      if (!page.versions().isEmpty()) {
        ObjectVersion v = page.versions().getFirst();
        if (v.deleteMarker() && v.latest() && v.object().key().equals(ex.key())) {
          markerHeaders(ex, v.versionId());
        }
      }
    } catch (SiloException ignored) {
      // the 404 stands as it is
    }
  }

  private static void markerHeaders(S3Exchange ex, String versionId) {
    ex.header("x-amz-delete-marker", "true");
    ex.header("x-amz-version-id", versionId);
  }

  /**
   * GET or HEAD {@code ?partNumber=N}: the bytes of part N of an object completed from parts, with
   * its Content-Range and the number of parts (how SDK transfer managers download in parallel);
   * an object stored whole is its own part 1. The part's bytes are those of the object whose
   * layout was read: if an overwrite came in between, the read starts again.
   */
  private void getPart(S3Exchange ex, boolean body) throws IOException {
    int number = MultipartOps.partNumber(ex.query("partNumber").orElse(null));
    if (ex.header("Range").isPresent()) {
      throw new S3Error(400, "InvalidRequest", "Cannot specify both Range header and partNumber query parameter");
    }
    RequestContext ctx = ex.context();
    for (int attempt = 0; ; attempt++) {
      ObjectInfo info = objects.info(ctx, ex.bucket(), ex.key());
      PartLayout layout = PartLayout.of(info).orElse(null);
      if (number > (layout == null ? 1 : layout.count())) {
        throw new S3Error(416, "InvalidPartNumber", "The requested partnumber is not satisfiable");
      }
      ByteRange part = layout != null ? layout.range(number) : info.size() == 0 ? null : new ByteRange(0, info.size() - 1);
      RangeRequest range = part == null ? null : new RangeRequest(part.first(), part.last(), null);
      ReadResult r = objects.read(ctx, ex.bucket(), ex.key(), range, readConditions(ex, ex.bucket(), ex.key(), ""), body);
      if (!java.util.Objects.equals(r.object().blob(), info.blob()) && attempt < 2) {
        if (r instanceof ReadResult.Content c) {
          c.body().close();
        }
        continue;
      }
      answer(ex, r, body, layout == null ? null : layout.count(), number);
      return;
    }
  }

  /** {@code part}: the part read ({@code ?partNumber=}), null for a read of the object or a range. */
  private static void answer(S3Exchange ex, ReadResult r, boolean body, Integer partsCount, Integer part) throws IOException {
    ObjectInfo o = r.object();
    if (r instanceof ReadResult.NotModified) {
      ex.header("ETag", ObjectHeaders.quotedEtag(o));
      ex.header("Last-Modified", ObjectHeaders.httpDate(o.updatedAt()));
      ex.empty(304);
      return;
    }
    ReadResult.Content c = (ReadResult.Content) r;
    ObjectHeaders.write(ex, o);
    ObjectHeaders.versionId(ex, o);
    RESPONSE_OVERRIDES.forEach((param, header) -> ex.query(param).ifPresent(v -> ex.header(header, v)));
    if (partsCount != null) {
      ex.header("x-amz-mp-parts-count", String.valueOf(partsCount));
    }
    if (c.range() != null) {
      ex.header("Content-Range", "bytes " + c.range().first() + "-" + c.range().last() + "/" + o.size());
      if (part != null) {
        ObjectHeaders.partChecksum(ex, o, part);
      }
    } else {
      ObjectHeaders.checksum(ex, o);
    }
    ex.stream(c.range() != null ? 206 : 200, c.length(), c.body(), body);
  }

  void put(S3Exchange ex) throws IOException {
    if (ex.header("x-amz-copy-source").isPresent()) {
      copy(ex);
      return;
    }
    RequestContext ctx = ex.context();
    requireLength(ex);
    PutRequest req =
        new PutRequest(
            ex.bucket(),
            ex.key(),
            ex.header("Content-Type").orElse(null),
            ex.contentLength(),
            acl(ex),
            null,
            ObjectHeaders.userMetadata(ex),
            writeConditions(ex))
        .withHeaders(ObjectHeaders.standardHeaders(ex))
        .withTags(ObjectHeaders.tagging(ex))
        .withLock(ObjectHeaders.objectLock(ex));
    PutResult result;
    try (var body = ex.body()) {
      result = objects.put(ctx, req, body);
    }
    ex.header("ETag", ObjectHeaders.quotedEtag(result.object()));
    ex.checksumHeader();
    ObjectHeaders.encryption(ex, result.object());
    ObjectHeaders.versionId(ex, result.object());
    ex.empty(200);
  }

  /**
   * POST Object: a browser form upload, already authenticated by its fields ({@link PostForm}):
   * the file streams through the write path like a PutObject of unknown length, under the form's
   * key, type, ACL, standard headers, tagging, object lock and {@code x-amz-meta-*} fields, checked
   * against the form's {@code x-amz-checksum-*} field if it has one. Answers as S3 does: 204 (or
   * {@code success_action_status} 200, or 201 with a PostResponse), or 303 to {@code
   * success_action_redirect} with the bucket, key and ETag.
   */
  void post(S3Exchange ex) throws IOException {
    PostForm form =
        ex.postForm().orElseThrow(() -> new S3Error(400, "InvalidRequest", "a POST to a bucket must be a form upload (multipart/form-data)"));
    ex.address(ex.bucketText(), form.required("key"));
    java.util.function.Function<String, java.util.Optional<String>> field = name -> form.field(name.toLowerCase(java.util.Locale.ROOT));
    java.util.Map<String, String> metadata = new java.util.TreeMap<>();
    form.fields().forEach((name, value) -> {
      if (name.startsWith("x-amz-meta-")) {
        metadata.put(name.substring("x-amz-meta-".length()), value);
      }
    });
    PutRequest req =
        new PutRequest(ex.bucket(), ex.key(), field.apply("Content-Type").or(form::fileType).orElse(null), null,
            acl(form.field("acl")), null, metadata, Conditions.NONE)
        .withHeaders(ObjectHeaders.standardHeaders(field))
        .withTags(form.field("tagging").map(t -> TaggingXml.read(Xml.parse(
            new java.io.ByteArrayInputStream(t.getBytes(java.nio.charset.StandardCharsets.UTF_8))))).orElse(ObjectTags.NONE))
        .withLock(ObjectHeaders.objectLock(field));
    PutResult result;
    try (var body = ex.body()) {
      result = objects.put(ex.context(), req, body);
    }
    form.finish();
    String etag = ObjectHeaders.quotedEtag(result.object());
    ex.header("ETag", etag);
    ex.checksumHeader();
    ObjectHeaders.encryption(ex, result.object());
    ObjectHeaders.versionId(ex, result.object());
    String location = "/" + ex.bucketText() + "/" + SigV4.uriEncode(ex.keyText(), false);
    java.util.Optional<String> redirect = form.field("success_action_redirect").or(() -> form.field("redirect"))
        .filter(r -> r.startsWith("https://") || r.startsWith("http://"));
    if (redirect.isPresent()) {
      String r = redirect.get();
      ex.header("Location", r + (r.contains("?") ? "&" : "?") + "bucket=" + SigV4.uriEncode(ex.bucketText(), true)
          + "&key=" + SigV4.uriEncode(ex.keyText(), true) + "&etag=" + SigV4.uriEncode(etag, true));
      ex.empty(303);
      return;
    }
    ex.header("Location", location);
    switch (form.field("success_action_status").orElse("204")) {
      case "200" -> ex.empty(200);
      case "201" -> {
        Xml x = Xml.document("PostResponse");
        x.el("Location", location).el("Bucket", ex.bucketText()).el("Key", ex.keyText()).el("ETag", etag);
        ex.xml(201, x.end("PostResponse"));
      }
      default -> ex.empty(204);
    }
  }

  /**
   * CopyObject within the tenant, through the write path: the copy shares the source's blob, or
   * where it cannot (a noncurrent or multipart source), the source streams into a new one.
   */
  private void copy(S3Exchange ex) throws IOException {
    RequestContext ctx = ex.context();
    Source src = Source.parse(ex.header("x-amz-copy-source").orElseThrow());
    ctx.requireBucket(src.bucket());
    Conditions conditions = copyConditions(ex);
    ReadResult r;
    if (src.versionId() != null && versions != null) {
      ObjectVersion v = versions.find(ctx, src.bucket(), src.key(), src.versionId());
      if (v.deleteMarker()) {
        throw S3Error.invalidArgument("The source of a copy request may not specifically refer to a delete marker by version id.");
      }
      r = versions.read(ctx, src.bucket(), src.key(), src.versionId(), null, conditions, true);
    } else if (src.versionId() != null && !src.versionId().equals(Version.NULL_ID)) {
      throw S3Error.invalidArgument("Invalid version id specified");
    } else {
      r = objects.read(ctx, src.bucket(), src.key(), null, conditions, true);
    }
    if (!(r instanceof ReadResult.Content c)) {
      throw new PreconditionFailedException("precondition_failed", "the copy source was not modified");
    }
    ObjectInfo source = c.object();
    boolean replace = ex.header("x-amz-metadata-directive").map(d -> d.equalsIgnoreCase("REPLACE")).orElse(false);
    boolean replaceTags = directive(ex, "x-amz-tagging-directive");
    if (src.bucket().equals(ex.bucket()) && src.key().equals(ex.key()) && !replace && !changesStorage(ex)) {
      c.body().close();
      throw new S3Error(
          400,
          "InvalidRequest",
          "This copy request is illegal because it is trying to copy an object to itself without changing the object's"
              + " metadata, storage class, website redirect location or encryption attributes.");
    }
    PutRequest req =
        new PutRequest(
            ex.bucket(),
            ex.key(),
            replace ? ex.header("Content-Type").orElse(null) : source.contentType(),
            source.size(),
            acl(ex),
            null,
            replace ? ObjectHeaders.userMetadata(ex) : source.metadata(),
            writeConditions(ex))
        .withHeaders(replace ? ObjectHeaders.standardHeaders(ex) : source.headers())
        .withTags(replaceTags ? ObjectHeaders.tagging(ex) : source.tags())
        .withLock(ObjectHeaders.objectLock(ex)); // as on S3, a copy takes the request's lock, never the source's
    PutResult result;
    try (var in = c.body()) {
      result = objects.copy(ctx, req, src.bucket(), source, in);
    }
    if (!source.version().nullVersion()) {
      ex.header("x-amz-copy-source-version-id", source.version().wire());
    }
    ObjectHeaders.versionId(ex, result.object());
    Xml x = Xml.document("CopyObjectResult");
    ObjectHeaders.encryption(ex, result.object());
    x.el("LastModified", result.object().updatedAt()).el("ETag", ObjectHeaders.quotedEtag(result.object()));
    ex.xml(200, x.end("CopyObjectResult"));
  }

  /** A copy's directive: COPY (the default, the source's) or REPLACE (the request's); anything else is refused. */
  private static boolean directive(S3Exchange ex, String header) {
    return switch (ex.header(header).map(d -> d.toUpperCase(java.util.Locale.ROOT)).orElse("COPY")) {
      case "COPY" -> false;
      case "REPLACE" -> true;
      default -> throw S3Error.invalidArgument("Unknown " + header + " value: COPY or REPLACE");
    };
  }

  /**
   * GetObjectAttributes: what {@code x-amz-object-attributes} asks of the current object or of
   * {@code versionId}'s version, without its bytes (a delete marker: 404 with its headers, as S3).
   */
  void getAttributes(S3Exchange ex) throws IOException {
    java.util.Set<String> attributes = ObjectAttributes.requested(ex);
    String versionId = versionId(ex);
    ObjectInfo o;
    if (versionId != null) {
      ObjectVersion v = versions.find(ex.context(), ex.bucket(), ex.key(), versionId);
      if (v.deleteMarker()) {
        markerHeaders(ex, v.versionId());
        throw new NotFoundException("object_not_found", "no such object");
      }
      o = v.object();
    } else {
      try {
        o = objects.info(ex.context(), ex.bucket(), ex.key());
      } catch (NotFoundException e) {
        latestMarker(ex, e);
        throw e;
      }
    }
    ex.header("Last-Modified", ObjectHeaders.httpDate(o.updatedAt()));
    ObjectHeaders.versionId(ex, o);
    ex.xml(200, ObjectAttributes.write(ex, o, attributes));
  }

  /** GetObjectTagging: the tags of the current object or of {@code versionId}'s version. */
  void getTagging(S3Exchange ex) throws IOException {
    ObjectVersion v = taggingVersions().version(ex.context(), ex.bucket(), ex.key(), ex.query("versionId").orElse(null));
    ObjectHeaders.versionId(ex, v.object());
    ex.xml(200, TaggingXml.write(v.object().tags().tags()));
  }

  /** PutObjectTagging: replaces the tag set; the object's bytes, ETag and modification time stay. */
  void putTagging(S3Exchange ex) throws IOException {
    ObjectTags tags;
    try (var body = ex.body()) {
      tags = TaggingXml.read(Xml.parse(body));
    }
    ObjectVersion v = taggingVersions().setTags(ex.context(), ex.bucket(), ex.key(), ex.query("versionId").orElse(null), tags);
    ObjectHeaders.versionId(ex, v.object());
    ex.empty(200);
  }

  void deleteTagging(S3Exchange ex) throws IOException {
    ObjectVersion v = taggingVersions().setTags(ex.context(), ex.bucket(), ex.key(), ex.query("versionId").orElse(null), ObjectTags.NONE);
    ObjectHeaders.versionId(ex, v.object());
    ex.empty(204);
  }

  private VersionService taggingVersions() {
    if (versions == null) {
      throw S3Error.unsupportedOperation("object tagging");
    }
    return versions;
  }

  /** Whether a copy asks for another storage class, redirect or encryption: S3 lets such a copy onto itself pass. */
  private static boolean changesStorage(S3Exchange ex) {
    return ex.header("x-amz-storage-class").isPresent()
        || ex.header("x-amz-website-redirect-location").isPresent()
        || ex.header("x-amz-server-side-encryption").isPresent();
  }

  /**
   * S3 answers 204 whether or not the key (or the version) existed. Without a version id, a
   * versioned bucket gets a delete marker, named in the answer; with one, that version is deleted
   * for good (a version of another tenant is one the key does not have: 204, and nothing happens).
   */
  void delete(S3Exchange ex) throws IOException {
    Deleted d = deleteOne(ex.context(), ex.bucket(), ex.key(), versionId(ex), bypassGovernance(ex));
    if (d.deleteMarker()) {
      ex.header("x-amz-delete-marker", "true");
    }
    if (d.versionId() != null) {
      ex.header("x-amz-version-id", d.versionId());
    }
    ex.empty(204);
  }

  /**
   * What a delete did: {@code versionId} is the version deleted for good, or the delete marker
   * written (null when neither: an unversioned delete, or nothing to delete); {@code deleteMarker}
   * whether that version is a delete marker.
   */
  private record Deleted(String versionId, boolean deleteMarker) {}

  /** S3's {@code x-amz-bypass-governance-retention: true}: a GOVERNANCE retention lets the request pass (scope {@code admin}). */
  static boolean bypassGovernance(S3Exchange ex) {
    return ex.header("x-amz-bypass-governance-retention").map(String::strip).filter("true"::equalsIgnoreCase).isPresent();
  }

  private Deleted deleteOne(RequestContext ctx, BucketName bucket, ObjectKey key, String versionId, boolean bypassGovernance) {
    try {
      if (versionId != null) {
        ObjectVersion v = versions.delete(ctx, bucket, key, versionId, bypassGovernance);
        return new Deleted(versionId, v.deleteMarker());
      }
      ObjectService.DeleteResult r = objects.delete(ctx, bucket, key, null);
      return r.deleteMarker() ? new Deleted(r.marker().version().wire(), true) : new Deleted(null, false);
    } catch (NotFoundException e) {
      if (e.code().equals("bucket_not_found")) {
        throw e;
      }
      return new Deleted(versionId, false);
    }
  }

  void deleteMany(S3Exchange ex) throws IOException {
    Element root;
    try (var body = ex.body()) {
      root = Xml.parse(body);
    }
    if (!"Delete".equals(root.getLocalName())) {
      throw S3Error.malformedXml();
    }
    boolean quiet = "true".equalsIgnoreCase(String.valueOf(Xml.text(root, "Quiet")).strip());
    var entries = Xml.children(root, "Object");
    if (entries.size() > 1000) {
      throw S3Error.malformedXml();
    }
    Xml x = Xml.document("DeleteResult");
    for (Element e : entries) {
      String key = Xml.text(e, "Key");
      String sentVersion = Xml.text(e, "VersionId");
      try {
        String versionId = sentVersion == null || sentVersion.isEmpty() ? null : sentVersion;
        if (versionId != null && versions == null) {
          if (!versionId.equals(Version.NULL_ID)) {
            throw S3Error.invalidArgument("Invalid version id specified");
          }
          versionId = null;
        } else if (versionId != null) {
          checkedVersionId(versionId);
        }
        Deleted d = deleteOne(ex.context(), ex.bucket(), new ObjectKey(key == null ? "" : key), versionId, bypassGovernance(ex));
        if (!quiet) {
          x.open("Deleted").el("Key", key).el("VersionId", sentVersion);
          if (d.deleteMarker()) {
            x.el("DeleteMarker", true).el("DeleteMarkerVersionId", d.versionId());
          }
          x.close("Deleted");
        }
      } catch (SiloException | S3Error err) {
        if (err instanceof NotFoundException nf && nf.code().equals("bucket_not_found")) {
          throw nf;
        }
        S3Errors.Mapped m = S3Errors.map(err);
        x.open("Error").el("Key", key).el("VersionId", sentVersion).el("Code", m.code()).el("Message", m.message()).close("Error");
      }
    }
    ex.xml(200, x.end("DeleteResult"));
  }

  // ------------------------------------------------------------------ helpers

  /**
   * {@code /bucket/key} or {@code bucket/key}, URL-encoded, optionally {@code ?versionId=...}
   * ({@code versionId} null when absent; a malformed one is 400 InvalidArgument).
   */
  record Source(BucketName bucket, ObjectKey key, String versionId) {
    static Source parse(String header) {
      String h = header.strip();
      int q = h.indexOf('?');
      String versionId = null;
      if (q >= 0) {
        String query = h.substring(q + 1);
        if (!query.isEmpty()) {
          if (!query.startsWith("versionId=")) {
            throw S3Error.invalidArgument("x-amz-copy-source may name only a versionId");
          }
          versionId = checkedVersionId(SigV4.percentDecode(query.substring("versionId=".length())));
        }
        h = h.substring(0, q);
      }
      String decoded = SigV4.percentDecode(h);
      if (decoded.startsWith("/")) {
        decoded = decoded.substring(1);
      }
      int slash = decoded.indexOf('/');
      if (slash <= 0 || slash == decoded.length() - 1) {
        throw S3Error.invalidArgument("x-amz-copy-source must be bucket/key");
      }
      return new Source(new BucketName(decoded.substring(0, slash)), new ObjectKey(decoded.substring(slash + 1)), versionId);
    }
  }

  /**
   * A body must say how it ends: a length (Content-Length, or x-amz-decoded-content-length of an
   * aws-chunked body) or chunked transfer coding. A chunked body of unknown length is taken, as S3
   * takes it, since the write path caps it while it streams.
   */
  static void requireLength(S3Exchange ex) {
    boolean chunked = ex.headerValues("Transfer-Encoding").stream().anyMatch(v -> v.toLowerCase(java.util.Locale.ROOT).contains("chunked"));
    if (ex.contentLength() == null && !chunked) {
      throw new S3Error(411, "MissingContentLength", "you must provide the Content-Length HTTP header");
    }
  }

  static Acl acl(S3Exchange ex) {
    return acl(ex.header("x-amz-acl"));
  }

  /**
   * A canned ACL by name (absent: private); the ones Silo has no notion of are NotImplemented. The
   * bucket's owner is the object's (the tenant), so what grants it the object is private.
   */
  static Acl acl(java.util.Optional<String> named) {
    String canned = named.orElse("private");
    return switch (canned) {
      case "public-read" -> Acl.PUBLIC;
      case "private", "bucket-owner-full-control", "bucket-owner-read" -> Acl.PRIVATE;
      default -> throw S3Error.unsupportedOperation("the canned ACL " + canned);
    };
  }

  /** A single range; several ranges or a malformed one are served as the whole object, as S3 does. */
  static RangeRequest range(String header) {
    if (header == null || !header.startsWith("bytes=") || header.contains(",")) {
      return null;
    }
    String spec = header.substring(6).strip();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String a = spec.substring(0, dash).strip();
      String b = spec.substring(dash + 1).strip();
      if (a.isEmpty()) {
        return b.isEmpty() ? null : new RangeRequest(null, null, Long.parseLong(b));
      }
      long first = Long.parseLong(a);
      Long last = b.isEmpty() ? null : Long.parseLong(b);
      if (first < 0 || (last != null && last < first)) {
        return null;
      }
      return new RangeRequest(first, last, null);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** If-Range, with a multipart ETag matched as the MD5 the core compares, as for the other conditions. */
  private IfRange ifRange(S3Exchange ex) {
    String header = ex.header("If-Range").orElse(null);
    if (header != null && header.contains("-") && header.strip().startsWith("\"")) {
      try {
        ObjectInfo o = objects.info(ex.context(), ex.bucket(), ex.key());
        header = header.replace(ObjectHeaders.etag(o), o.etag());
      } catch (NotFoundException e) {
        // the read reports it
      }
    }
    return IfRange.of(header, ObjectHeaders.parseHttpDate(header));
  }

  /**
   * The read conditions; an entity tag that is the object's multipart ETag is matched as its MD5,
   * the tag the core compares.
   */
  Conditions readConditions(S3Exchange ex, BucketName bucket, ObjectKey key, String prefix) {
    String ifMatch = ex.header(prefix + "If-Match").orElse(null);
    String ifNoneMatch = ex.header(prefix + "If-None-Match").orElse(null);
    if ((ifMatch != null && ifMatch.contains("-")) || (ifNoneMatch != null && ifNoneMatch.contains("-"))) {
      try {
        ObjectInfo o = objects.info(ex.context(), bucket, key);
        String s3 = ObjectHeaders.etag(o);
        if (!s3.equals(o.etag())) {
          ifMatch = ifMatch == null ? null : ifMatch.replace(s3, o.etag());
          ifNoneMatch = ifNoneMatch == null ? null : ifNoneMatch.replace(s3, o.etag());
        }
      } catch (NotFoundException e) {
        // the read reports it
      }
    }
    return new Conditions(
        ifMatch,
        ifNoneMatch,
        ObjectHeaders.parseHttpDate(ex.header(prefix + "If-Modified-Since").orElse(null)),
        ObjectHeaders.parseHttpDate(ex.header(prefix + "If-Unmodified-Since").orElse(null)));
  }

  private Conditions copyConditions(S3Exchange ex) {
    Source src = Source.parse(ex.header("x-amz-copy-source").orElseThrow());
    return readConditions(ex, src.bucket(), src.key(), "x-amz-copy-source-");
  }

  Conditions writeConditions(S3Exchange ex) {
    String ifMatch = ex.header("If-Match").orElse(null);
    String ifNoneMatch = ex.header("If-None-Match").orElse(null);
    if (ifMatch == null && ifNoneMatch == null) {
      return Conditions.NONE;
    }
    if (ifMatch != null && ifMatch.contains("-")) {
      ifMatch = readConditions(ex, ex.bucket(), ex.key(), "").ifMatch();
    }
    return new Conditions(ifMatch, ifNoneMatch, null, null);
  }
}
