package dev.silo.api.tus;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Category;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.UnsupportedMediaTypeException;
import dev.silo.core.upload.resumable.ResumableUpload;
import dev.silo.core.upload.resumable.ResumableUploadService;
import dev.silo.core.upload.resumable.Creation;
import dev.silo.http.Exchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One handler per TUS operation. */
final class TusHandlers {
  private static final String CHUNK_TYPE = "application/offset+octet-stream";

  private final ResumableUploadService uploads;

  TusHandlers(ResumableUploadService uploads) {
    this.uploads = uploads;
  }

  void options(Exchange ex) throws IOException {
    ex.header("Tus-Resumable", TusApi.VERSION);
    ex.header("Tus-Version", TusApi.VERSION);
    ex.header("Tus-Max-Size", Long.toString(uploads.maxSize()));
    ex.header("Tus-Extension", TusApi.EXTENSIONS);
    ex.header("Tus-Checksum-Algorithm", TusApi.CHECKSUM_ALGORITHMS);
    ex.empty(204);
  }

  void create(Exchange ex) throws IOException {
    TusHeaders.requireVersion(ex);
    Optional<TusHeaders.Concat> concat = TusHeaders.concat(ex);
    if (concat.isPresent() && !concat.get().partial()) {
      createFinal(ex, concat.get().ids());
      return;
    }
    Optional<Long> length = TusHeaders.number(ex, "Upload-Length");
    boolean deferred = ex.header("Upload-Defer-Length").isPresent();
    if (deferred && !ex.header("Upload-Defer-Length").get().trim().equals("1")) {
      throw new InvalidInputException("invalid_header", "Upload-Defer-Length must be 1");
    }
    if (length.isPresent() == deferred) {
      throw new InvalidInputException("invalid_header", "send exactly one of Upload-Length and Upload-Defer-Length");
    }
    Map<String, String> meta = TusHeaders.metadata(ex);
    RequestContext ctx = ex.context();
    ResumableUpload u;
    Optional<RequestContext.Grant> grant = ctx.grant();
    if (concat.isPresent() && concat.get().partial()) {
      // its metadata is the final upload's to give: kept only to be answered on HEAD
      u = uploads.createPartial(ctx, length.orElse(null), ex.header("Upload-Metadata").orElse(null));
    } else if (grant.isEmpty()) {
      u = uploads.create(ctx, creation(ex, meta, length.orElse(null)));
    } else {
      u = uploads.claim(ctx, length.orElse(null));
    }
    if (hasBody(ex) && !u.completed()) {
      requireChunkType(ex);
      u = uploads.patch(ctx, u.id(), u.offset(), null, ex.contentLength(), TusHeaders.checksum(ex), ex.body());
    }
    ex.header("Location", location(ex, u));
    ex.header("Upload-Offset", Long.toString(u.offset()));
    ex.header("Upload-Expires", TusHeaders.httpDate(u.expiresAt()));
    ex.empty(201);
  }

  /**
   * A final upload: its length is its partial uploads' and its bytes are theirs, so it declares
   * neither; it is complete (and its object published) when this answers.
   */
  private void createFinal(Exchange ex, List<String> partialIds) throws IOException {
    if (ex.header("Upload-Length").isPresent() || ex.header("Upload-Defer-Length").isPresent()) {
      throw new InvalidInputException("invalid_header", "a final upload's length is its partial uploads': send no Upload-Length");
    }
    if (hasBody(ex)) {
      throw new InvalidInputException("invalid_body", "a final upload's bytes are its partial uploads': send no body");
    }
    ResumableUpload u = uploads.concatenate(ex.context(), creation(ex, TusHeaders.metadata(ex), null), partialIds);
    ex.header("Location", location(ex, u));
    ex.header("Upload-Offset", Long.toString(u.offset()));
    ex.header("Upload-Expires", TusHeaders.httpDate(u.expiresAt()));
    ex.empty(201);
  }

  /** Where the upload is: a token-authorized client goes on with the same token, which it cannot otherwise name. */
  private static String location(Exchange ex, ResumableUpload u) {
    return "/v1/tus/" + u.id()
        + ex.context().grant().map(g -> "?token=" + URLEncoder.encode(g.token(), StandardCharsets.UTF_8)).orElse("");
  }

  /** The object an upload's metadata describes: bucket, key, file name and type, category, headers, user metadata. */
  private static Creation creation(Exchange ex, Map<String, String> meta, Long length) {
    String key = meta.get("key");
    String bucket = meta.get("bucket");
    return new Creation(
        bucket == null || bucket.isEmpty() ? null : new BucketName(bucket),
        key == null || key.isEmpty() ? null : new ObjectKey(key),
        meta.getOrDefault("filename", "file"),
        meta.get("filetype"),
        Category.parse(meta.get("category")),
        length,
        TusHeaders.userMetadata(meta),
        TusHeaders.standardHeaders(meta),
        ex.header("Upload-Metadata").orElse(null));
  }

  void head(Exchange ex) throws IOException {
    TusHeaders.requireVersion(ex);
    ResumableUpload u = uploads.status(ex.context(), ex.param("upload_id"));
    ex.header("Cache-Control", "no-store");
    ex.header("Upload-Offset", Long.toString(u.offset()));
    if (u.length() == null) {
      ex.header("Upload-Defer-Length", "1");
    } else {
      ex.header("Upload-Length", Long.toString(u.length()));
    }
    ex.header("Upload-Expires", TusHeaders.httpDate(u.expiresAt()));
    if (u.uploadMetadata() != null) {
      ex.header("Upload-Metadata", u.uploadMetadata());
    }
    if (u.partialUpload()) {
      ex.header("Upload-Concat", "partial");
    } else if (u.finalUpload()) {
      ex.header("Upload-Concat", "final;" + String.join(" ", u.concatenated().stream().map(id -> "/v1/tus/" + id).toList()));
    }
    ex.empty(200);
  }

  void patch(Exchange ex) throws IOException {
    TusHeaders.requireVersion(ex);
    requireChunkType(ex);
    long offset =
        TusHeaders.number(ex, "Upload-Offset")
            .orElseThrow(() -> new InvalidInputException("invalid_header", "Upload-Offset is required"));
    Long length = TusHeaders.number(ex, "Upload-Length").orElse(null);
    var checksum = TusHeaders.checksum(ex);
    ResumableUpload u = uploads.patch(ex.context(), ex.param("upload_id"), offset, length, ex.contentLength(), checksum, ex.body());
    ex.header("Upload-Offset", Long.toString(u.offset()));
    ex.header("Upload-Expires", TusHeaders.httpDate(u.expiresAt()));
    ex.empty(204);
  }

  void terminate(Exchange ex) throws IOException {
    TusHeaders.requireVersion(ex);
    uploads.terminate(ex.context(), ex.param("upload_id"));
    ex.empty(204);
  }

  private static boolean hasBody(Exchange ex) {
    Long n = ex.contentLength();
    return n == null ? ex.header("Transfer-Encoding").isPresent() : n > 0;
  }

  private static void requireChunkType(Exchange ex) {
    String type = ex.header("Content-Type").orElse("");
    if (!type.trim().toLowerCase(java.util.Locale.ROOT).startsWith(CHUNK_TYPE)) {
      throw new UnsupportedMediaTypeException("invalid_content_type", "Content-Type must be " + CHUNK_TYPE);
    }
  }
}
