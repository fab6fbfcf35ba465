package dev.silo.core.upload.resumable;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.StandardHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of one resumable upload, kept in the metadata store so that any node can take the next
 * chunk. {@code length} is null until the client declares it (defer-length); {@code offset} is the
 * number of bytes committed. {@code partial} names the blob the object will get when the store
 * can append (the growing blob) or assemble parts ({@code assembly} is then the store's id of the
 * assembly); it is null when chunks are stored as blobs of their own. {@code checksum} is the last verified chunk's
 * declared checksum ({@code "sha1 <base64>"}), if any. {@code completedAt} is set once the object
 * is published; the row stays until it expires, so a client may still HEAD it. {@code metadata}
 * and {@code headers} are the object's user metadata and standard headers, given at creation.
 * {@code hashState} is the running SHA-256 and MD5 of the {@code offset} bytes committed ({@link
 * RunningHashes#encoded()}), moved with the offset; null for an upload begun before Silo kept it,
 * whose blob is then hashed by reading it at publication; for a final upload, its partial uploads'
 * sizes and digests ({@link ConcatenatedParts}), which name its object.
 *
 * <p>{@code concat} is TUS concatenation: null for an upload of its own; {@link #PARTIAL} for a
 * partial upload, whose bytes become part of a final upload and never an object by themselves
 * (its {@code completedAt} then says its bytes were sealed into one blob or list of chunks, and
 * its {@code bucket} and {@code key} are placeholders), or {@code partial;} and an upload's id for
 * a partial upload made through that upload's token ({@link #madeFor()}: it has that upload's
 * bucket and key, and holds room the upload held); for a final upload, {@code final;} and the ids
 * of the partial uploads it was made of, space-separated ({@link #concatenated()}).
 * {@code uploadMetadata} is the {@code Upload-Metadata} header of its creation as the client sent
 * it, which a HEAD answers as TUS asks (null: none was sent, or the upload was reserved for a token).
 */
public record ResumableUpload(
    String id,
    ObjectId objectId,
    BucketName bucket,
    ObjectKey key,
    Long length,
    long offset,
    String contentType,
    Map<String, String> metadata,
    StandardHeaders headers,
    BlobName partial,
    String assembly,
    String checksum,
    Instant expiresAt,
    Instant createdAt,
    Instant completedAt,
    String hashState,
    String concat,
    String uploadMetadata) {

  /** {@code concat} of a partial upload. */
  public static final String PARTIAL = "partial";
  /** What the {@code concat} of a final upload starts with, before its partial uploads' ids. */
  private static final String FINAL = "final;";

  public ResumableUpload {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(objectId, "objectId");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(createdAt, "createdAt");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    headers = headers == null ? StandardHeaders.NONE : headers;
    if (offset < 0 || (length != null && (length < 0 || offset > length))) {
      throw new IllegalArgumentException("offset " + offset + " outside 0.." + length);
    }
  }

  /** The same upload with a (newly declared) length. */
  public ResumableUpload withLength(Long newLength) {
    return new ResumableUpload(id, objectId, bucket, key, newLength, offset, contentType, metadata, headers, partial, assembly,
        checksum, expiresAt, createdAt, completedAt, hashState, concat, uploadMetadata);
  }

  /** The same upload after a chunk moved it to {@code newOffset}, its hashes then {@code newHashState}. */
  public ResumableUpload advancedTo(long newOffset, String newChecksum, String newHashState) {
    return new ResumableUpload(id, objectId, bucket, key, length, newOffset, contentType, metadata, headers, partial, assembly,
        newChecksum, expiresAt, createdAt, completedAt, newHashState, concat, uploadMetadata);
  }

  /** The same upload, published at {@code at}. */
  public ResumableUpload completedAt(Instant at) {
    return new ResumableUpload(id, objectId, bucket, key, length, offset, contentType, metadata, headers, partial, assembly,
        checksum, expiresAt, createdAt, at, hashState, concat, uploadMetadata);
  }

  /** Whether this is a partial upload, whose bytes only a final upload makes into an object. */
  public boolean partialUpload() {
    return concat != null && (concat.equals(PARTIAL) || concat.startsWith(PARTIAL + ";"));
  }

  /** The {@code concat} of a partial upload made through the token of the upload {@code reserved}. */
  public static String partialFor(String reserved) {
    return PARTIAL + ";" + reserved;
  }

  /** The id of the upload whose token made this partial upload; empty for any other upload. */
  public Optional<String> madeFor() {
    return concat != null && concat.startsWith(PARTIAL + ";")
        ? Optional.of(concat.substring(PARTIAL.length() + 1))
        : Optional.empty();
  }

  /** The {@code concat} of a final upload made of the partial uploads {@code partialIds}, in order. */
  public static String finalOf(List<String> partialIds) {
    return FINAL + String.join(" ", partialIds);
  }

  /** Whether this is a final upload, made of partial uploads and never sent a byte itself. */
  public boolean finalUpload() {
    return concat != null && concat.startsWith(FINAL);
  }

  /** The ids of the partial uploads a final upload was made of, in order; empty for any other. */
  public List<String> concatenated() {
    return finalUpload() ? List.of(concat.substring(FINAL.length()).split(" ")) : List.of();
  }

  public boolean completed() {
    return completedAt != null;
  }

  /**
   * Whether the upload grows its partial blob in place (the store could append when it was
   * created): fixed at creation, so a store that gains or loses the capability meanwhile (a
   * changed encryption setting, an upgrade) does not switch an upload begun the other way.
   */
  public boolean growsInPlace() {
    return partial != null && assembly == null;
  }

  /** Whether every declared byte has been committed. */
  public boolean full() {
    return length != null && offset == length;
  }
}
