package dev.silo.api.s3;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Checksum;
import dev.silo.core.domain.ChecksumAlgorithm;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.multipart.MultipartService;
import dev.silo.core.multipart.MultipartUpload;
import dev.silo.core.multipart.UploadedPart;
import dev.silo.core.object.ObjectService;
import dev.silo.core.object.RangeRequest;
import dev.silo.core.object.ReadResult;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload,
 * AbortMultipartUpload, ListParts, ListMultipartUploads.
 */
final class MultipartOps {
  private static final int MAX_LIST = 1000;

  private final MultipartService multipart;
  private final ObjectService objects;
  private final ObjectOps objectOps;
  private final Clock clock;

  MultipartOps(MultipartService multipart, ObjectService objects, ObjectOps objectOps, Clock clock) {
    this.clock = clock;
    this.multipart = multipart;
    this.objects = objects;
    this.objectOps = objectOps;
  }

  void create(S3Exchange ex) throws IOException {
    ObjectOps.acl(ex);
    MultipartUpload u =
        multipart.initiate(
            ex.context(),
            ex.bucket(),
            ex.key(),
            ex.header("Content-Type").orElse(null),
            ObjectHeaders.userMetadata(ex),
            ObjectHeaders.standardHeaders(ex),
            ObjectHeaders.tagging(ex),
            checksumKind(ex),
            ObjectHeaders.objectLock(ex));
    if (u.checksum() != null) {
      ex.header("x-amz-checksum-algorithm", u.checksum().algorithm().name());
      ex.header("x-amz-checksum-type", u.checksum().type().name());
    }
    Xml x = Xml.document("InitiateMultipartUploadResult");
    x.el("Bucket", ex.bucketText()).el("Key", ex.keyText()).el("UploadId", u.uploadId());
    ex.xml(200, x.end("InitiateMultipartUploadResult"));
  }

  void uploadPart(S3Exchange ex) throws IOException {
    String uploadId = ex.query("uploadId").orElseThrow();
    int number = partNumber(ex.query("partNumber").orElse(null));
    if (ex.header("x-amz-copy-source").isPresent()) {
      copyPart(ex, uploadId, number);
      return;
    }
    ObjectOps.requireLength(ex);
    UploadedPart part;
    try (var body = ex.body()) {
      part = multipart.uploadPart(ex.context(), ex.bucket(), ex.key(), uploadId, number, body, ex.contentLength());
    }
    ex.header("ETag", "\"" + part.md5() + "\"");
    if (part.checksum() != null) {
      ex.header(part.checksum().algorithm().header(), part.checksum().value()); // declared, or computed for the upload
    }
    ex.empty(200);
  }

  /**
   * The checksum a CreateMultipartUpload asks for ({@code x-amz-checksum-algorithm}, {@code
   * x-amz-checksum-type}); null for none. A type without an algorithm is 400, as on S3.
   */
  private static Checksum.Kind checksumKind(S3Exchange ex) {
    String algorithm = ex.header("x-amz-checksum-algorithm").orElse(null);
    String type = ex.header("x-amz-checksum-type").orElse(null);
    if (algorithm == null) {
      if (type != null) {
        throw new S3Error(400, "InvalidRequest", "x-amz-checksum-type needs x-amz-checksum-algorithm");
      }
      return null;
    }
    return Checksum.Kind.of(algorithm, type);
  }

  /**
   * UploadPartCopy: a range of an object of the tenant becomes the part, a slice of the object's
   * bytes with none written ({@link MultipartService#copyPart}).
   */
  private void copyPart(S3Exchange ex, String uploadId, int number) throws IOException {
    RequestContext ctx = ex.context();
    ObjectOps.Source src = ObjectOps.Source.parse(ex.header("x-amz-copy-source").orElseThrow());
    ctx.requireBucket(src.bucket());
    RangeRequest range = null;
    String rangeHeader = ex.header("x-amz-copy-source-range").orElse(null);
    if (rangeHeader != null) {
      range = ObjectOps.range(rangeHeader);
      if (range == null || range.first() == null || range.last() == null) {
        throw S3Error.invalidArgument("x-amz-copy-source-range must be bytes=first-last");
      }
    }
    ReadResult r =
        objects.read(ctx, src.bucket(), src.key(), range, objectOps.readConditions(ex, src.bucket(), src.key(), "x-amz-copy-source-"), true);
    if (!(r instanceof ReadResult.Content c)) {
      throw new dev.silo.core.error.PreconditionFailedException("precondition_failed", "the copy source was not modified");
    }
    if (range != null && range.last() >= c.object().size()) {
      c.body().close(); // S3 copies a range only if all of it lies within the source
      throw new S3Error(416, "InvalidRange", "The requested range is not satisfiable");
    }
    UploadedPart part;
    try (var in = c.body()) {
      part = multipart.copyPart(
          ctx, ex.bucket(), ex.key(), uploadId, number, src.bucket(), c.object(), range == null ? 0 : range.first(), in, c.length());
    }
    Xml x = Xml.document("CopyPartResult");
    x.el("LastModified", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)).el("ETag", "\"" + part.md5() + "\"");
    ObjectHeaders.checksumElements(x, part.checksum(), false);
    ex.xml(200, x.end("CopyPartResult"));
  }

  void complete(S3Exchange ex) throws IOException {
    String uploadId = ex.query("uploadId").orElseThrow();
    Element root;
    try (var body = ex.body()) {
      root = Xml.parse(body);
    }
    if (!"CompleteMultipartUpload".equals(root.getLocalName())) {
      throw S3Error.malformedXml();
    }
    List<MultipartService.PartRef> refs = new ArrayList<>();
    for (Element p : Xml.children(root, "Part")) {
      String etag = Xml.text(p, "ETag");
      String checksum = null;
      for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
        checksum = checksum != null ? checksum : Xml.text(p, ObjectHeaders.element(a));
      }
      refs.add(new MultipartService.PartRef(partNumber(Xml.text(p, "PartNumber")), etag == null ? "" : etag.strip(), checksum));
    }
    MultipartService.Completed done =
        multipart.complete(ex.context(), ex.bucket(), ex.key(), uploadId, refs, objectOps.writeConditions(ex), declaredWhole(ex));
    ObjectInfo o = done.result().object();
    Xml x = Xml.document("CompleteMultipartUploadResult");
    x.el("Location", "/" + ex.bucketText() + "/" + ex.keyText()).el("Bucket", ex.bucketText()).el("Key", ex.keyText());
    ObjectHeaders.encryption(ex, o);
    x.el("ETag", ObjectHeaders.quotedEtag(o));
    ObjectHeaders.checksumElements(x, o.facts().checksum(), true);
    ObjectHeaders.versionId(ex, o);
    ex.xml(200, x.end("CompleteMultipartUploadResult"));
  }

  /**
   * The whole object's checksum a CompleteMultipartUpload declares in a header ({@code
   * x-amz-checksum-crc32}...), which the checksum derived from the parts must equal; null for none,
   * or for a composite value (which names the parts', checked one by one).
   */
  private static Checksum declaredWhole(S3Exchange ex) {
    for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
      String v = ex.header(a.header()).map(String::strip).orElse(null);
      if (v != null && !v.contains("-")) {
        if (Checksum.decoded(a, v) == null) {
          throw new S3Error(400, "InvalidRequest", "value for " + a.header() + " is invalid");
        }
        return new Checksum(a, Checksum.Type.FULL_OBJECT, v);
      }
    }
    return null;
  }

  void abort(S3Exchange ex) throws IOException {
    multipart.abort(ex.context(), ex.bucket(), ex.key(), ex.query("uploadId").orElseThrow());
    ex.empty(204);
  }

  void listParts(S3Exchange ex) throws IOException {
    String uploadId = ex.query("uploadId").orElseThrow();
    int after = ex.intParam("part-number-marker", 0, MultipartService.MAX_PARTS, 0);
    int max = ex.intParam("max-parts", 1, MAX_LIST, MAX_LIST);
    List<UploadedPart> parts = multipart.parts(ex.context(), ex.bucket(), ex.key(), uploadId, after, max + 1);
    boolean truncated = parts.size() > max;
    List<UploadedPart> page = truncated ? parts.subList(0, max) : parts;
    Checksum.Kind kind = multipart.upload(ex.context(), ex.bucket(), ex.key(), uploadId).checksum();
    Xml x = Xml.document("ListPartsResult");
    x.el("Bucket", ex.bucketText()).el("Key", ex.keyText()).el("UploadId", uploadId);
    if (kind != null) {
      x.el("ChecksumAlgorithm", kind.algorithm().name()).el("ChecksumType", kind.type().name());
    }
    x.el("PartNumberMarker", after).el("NextPartNumberMarker", page.isEmpty() ? null : page.getLast().number());
    x.el("MaxParts", max).el("IsTruncated", truncated).el("StorageClass", "STANDARD");
    for (UploadedPart p : page) {
      x.open("Part").el("PartNumber", p.number()).el("LastModified", p.createdAt()).el("ETag", "\"" + p.md5() + "\"");
      x.el("Size", p.size());
      ObjectHeaders.checksumElements(x, p.checksum(), false);
      x.close("Part");
    }
    ex.xml(200, x.end("ListPartsResult"));
  }

  void listUploads(S3Exchange ex) throws IOException {
    String prefix = ex.query("prefix").orElse("");
    String keyMarker = ex.query("key-marker").filter(s -> !s.isEmpty()).orElse(null);
    String idMarker = ex.query("upload-id-marker").filter(s -> !s.isEmpty()).orElse(null);
    int max = ex.intParam("max-uploads", 1, MAX_LIST, MAX_LIST);
    List<MultipartUpload> uploads = multipart.uploads(ex.context(), ex.bucket(), prefix, keyMarker, idMarker, max + 1);
    boolean truncated = uploads.size() > max;
    List<MultipartUpload> page = truncated ? uploads.subList(0, max) : uploads;
    Xml x = Xml.document("ListMultipartUploadsResult");
    x.el("Bucket", ex.bucketText()).el("KeyMarker", keyMarker == null ? "" : keyMarker);
    x.el("UploadIdMarker", idMarker == null ? "" : idMarker);
    if (truncated) {
      x.el("NextKeyMarker", page.getLast().key().value()).el("NextUploadIdMarker", page.getLast().uploadId());
    }
    x.el("Prefix", prefix).el("MaxUploads", max).el("IsTruncated", truncated);
    String owner = ex.context().tenant().value();
    for (MultipartUpload u : page) {
      x.open("Upload").el("Key", u.key().value()).el("UploadId", u.uploadId());
      x.open("Initiator").el("ID", owner).el("DisplayName", owner).close("Initiator");
      x.open("Owner").el("ID", owner).el("DisplayName", owner).close("Owner");
      x.el("StorageClass", "STANDARD").el("Initiated", u.createdAt());
      if (u.checksum() != null) {
        x.el("ChecksumAlgorithm", u.checksum().algorithm().name()).el("ChecksumType", u.checksum().type().name());
      }
      x.close("Upload");
    }
    ex.xml(200, x.end("ListMultipartUploadsResult"));
  }

  static int partNumber(String v) {
    int n;
    try {
      n = v == null ? -1 : Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > MultipartService.MAX_PARTS) {
      throw S3Error.invalidArgument("Part number must be an integer between 1 and 10000, inclusive");
    }
    return n;
  }

  private static int intOf(String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw S3Error.invalidArgument("not an integer: " + v);
    }
  }
}
