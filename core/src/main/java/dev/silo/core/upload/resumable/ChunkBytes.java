package dev.silo.core.upload.resumable;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.error.ChecksumMismatchException;
import dev.silo.core.error.SiloException;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.multipart.MultipartService;
import dev.silo.core.object.BodyDigests;
import dev.silo.core.object.ObjectWriter;
import dev.silo.core.object.StagedBlob;
import dev.silo.core.spi.AppendableBlobs;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.ComposableBlobs;
import dev.silo.core.spi.MultipartBlobs;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Where a resumable upload's bytes go, by what the store can do: appended to one growing blob
 * ({@link AppendableBlobs}, the filesystem), sent as the parts of one assembly with the bytes that
 * do not fill a part yet kept as a blob, the tail ({@link MultipartBlobs}, S3), or else one
 * immutable blob per chunk. Nothing here commits: {@link ResumableUploadService} records what a
 * chunk stored, in the transaction that moves the offset, or discards it.
 */
final class ChunkBytes {
  private static final String CHUNK_TOO_LARGE = "the chunk goes past the upload's length or the tenant's limits";

  private final BlobStore blobs;
  private final ObjectWriter writer;
  private final AppendableBlobs appendable;
  private final MultipartBlobs multipart;

  ChunkBytes(BlobStore blobs, ObjectWriter writer) {
    this.blobs = blobs;
    this.writer = writer;
    this.appendable = blobs.appendable().orElse(null);
    this.multipart = appendable == null ? blobs.multipart().orElse(null) : null;
  }

  /**
   * A chunk's bytes in storage, not yet committed: how many, the parts it uploaded to the assembly,
   * the blob it staged (a chunk of its own, or the assembly's new tail), and whether that replaced
   * the old tail.
   */
  record Stored(long written, List<MultipartBlobs.Part> assembled, StagedBlob blob, boolean consumedTail) {
    void discard(ObjectWriter writer, StorageSpace space) {
      if (blob != null) {
        writer.discard(blob, space);
      }
    }
  }

  boolean appends() {
    return appendable != null;
  }

  boolean assembles() {
    return multipart != null;
  }

  /** The largest upload the store can take, at most {@code limit}: an assembly has few parts. */
  long maxSize(long limit) {
    return multipart == null ? limit : Math.min(limit, (long) multipart.partSize() * multipart.maxParts());
  }

  // ---------------------------------------------------------------- assemblies

  String begin(StorageSpace space, BlobName name) {
    try {
      return multipart.begin(space, name);
    } catch (IOException | RuntimeException e) {
      throw new UnavailableException("the storage backend failed", e);
    }
  }

  /** Discards an assembly and its parts; 503 if the store cannot. */
  void abort(StorageSpace space, BlobName name, String assembly) {
    try {
      multipart.abort(space, name, assembly);
    } catch (IOException | RuntimeException e) {
      throw new UnavailableException("the storage backend failed", e);
    }
  }

  void abortQuietly(StorageSpace space, BlobName name, String assembly) {
    try {
      multipart.abort(space, name, assembly);
    } catch (IOException | RuntimeException e) {
      // the parts stay until the backend's own lifecycle rule for unfinished uploads removes them
    }
  }

  /** Publishes the assembled blob, unless an earlier try did and stopped before adopting it. */
  void complete(StorageSpace space, ResumableUpload u, List<MultipartBlobs.Part> parts) throws IOException {
    if (blobs.size(space, u.partial()).orElse(-1) == u.length()) {
      return;
    }
    multipart.complete(space, u.partial(), u.assembly(), parts);
  }

  // ---------------------------------------------------------------- one chunk

  Stored append(StorageSpace space, ResumableUpload u, long offset, ChunkStream in, ResumableUploadService.Checksum checksum) {
    try {
      appender().append(space, u.partial(), offset, in);
    } catch (SiloException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new UnavailableException("the storage backend failed", e);
    }
    if (checksum != null && !in.matches(checksum.expected())) {
      cutBack(space, u.partial(), offset);
      throw mismatch(checksum);
    }
    return new Stored(in.count(), List.of(), null, false);
  }

  Stored stage(
      RequestContext ctx, StorageSpace space, ChunkStream in, long cap, Long contentLength,
      ResumableUploadService.Checksum checksum) {
    StagedBlob staged = writer.streamPiece(ctx, space, in, cap, contentLength, CHUNK_TOO_LARGE);
    if (checksum != null && !in.matches(checksum.expected())) {
      writer.discard(staged, space);
      throw mismatch(checksum);
    }
    if (staged.size() == 0) {
      writer.discard(staged, space);
      staged = null;
    }
    return new Stored(in.count(), List.of(), staged, false);
  }

  /**
   * Sends the old tail, then the chunk, through the assembly: every full part is uploaded, the
   * rest becomes the new tail, or the last part once the upload's every byte has arrived. {@code
   * assembled} are the parts committed so far, {@code tail} the blobs of the bytes after them.
   */
  Stored assemble(
      RequestContext ctx, StorageSpace space, ResumableUpload u, List<ResumablePart> tail,
      List<MultipartBlobs.Part> assembled, ChunkStream in, long cap, Long contentLength,
      ResumableUploadService.Checksum checksum) {
    boolean reachesEnd = u.length() != null && u.offset() + (contentLength == null ? cap : contentLength) == u.length();
    if (contentLength != null && contentLength == 0 && !reachesEnd) {
      return new Stored(0, List.of(), null, false); // nothing to add: the tail stays as it is
    }
    long total = u.length() == null ? -1 : u.length() - sizeOf(assembled);
    StagedBlob[] newTail = new StagedBlob[1];
    List<MultipartBlobs.Part> uploaded;
    try (InputStream old = open(space, tail)) {
      uploaded =
          multipart.upload(
              space, u.partial(), u.assembly(), assembled.size() + 1, new SequenceInputStream(old, in), total,
              (rest, n) -> newTail[0] = writer.streamPiece(ctx, space, rest, n, (long) n, CHUNK_TOO_LARGE));
    } catch (SiloException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new UnavailableException("the storage backend failed", e);
    }
    Stored stored = new Stored(in.count(), uploaded, newTail[0], true);
    if (checksum != null && !in.matches(checksum.expected())) {
      stored.discard(writer, space);
      throw mismatch(checksum);
    }
    return stored;
  }

  static long sizeOf(List<MultipartBlobs.Part> parts) {
    return parts.stream().mapToLong(MultipartBlobs.Part::size).sum();
  }

  private static ChecksumMismatchException mismatch(ResumableUploadService.Checksum checksum) {
    return new ChecksumMismatchException(
        "the chunk's " + checksum.algorithm() + " checksum does not match Upload-Checksum");
  }

  /** The store's appender: an upload begun on a store that could append needs one to go on. */
  private AppendableBlobs appender() {
    if (appendable == null) {
      throw new UnavailableException("the storage backend cannot grow this upload's blob", null);
    }
    return appendable;
  }

  private void cutBack(StorageSpace space, BlobName partial, long offset) {
    try {
      appendable.truncate(space, partial, offset);
    } catch (IOException e) {
      // the next append cuts back to its offset anyway
    }
  }

  // ---------------------------------------------------------------- reading back

  /** The appended blob, cut to the upload's length, with its size and hashes. */
  StagedBlob appended(StorageSpace space, ResumableUpload u) throws IOException {
    if (u.length() == 0) {
      // nothing was ever appended: make the empty blob the object will point at
      appender().append(space, u.partial(), 0, InputStream.nullInputStream());
    }
    appender().truncate(space, u.partial(), u.length()); // a crash mid-chunk may have left a tail
    return hashed(space, u);
  }

  /**
   * The upload's complete blob with its size and hashes: the running hashes its chunks left on
   * the row, the size checked without reading the bytes; an upload begun before Silo kept running
   * hashes has its blob read back once instead. Throws if the size is not the upload's length.
   */
  StagedBlob hashed(StorageSpace space, ResumableUpload u) throws IOException {
    if (u.hashState() == null) {
      return read(space, u.partial(), u.length());
    }
    if (blobs.size(space, u.partial()).orElse(-1) != u.length()) {
      throw new UnavailableException("the upload's stored bytes do not match its offset", null);
    }
    RunningHashes hashes = RunningHashes.restore(u.hashState());
    return new StagedBlob(u.partial(), u.length(), hashes.sha256Hex(), hashes.md5Hex(), 0);
  }

  /** A stored blob's size and hashes, read back once. Throws if its size is not {@code length}. */
  private StagedBlob read(StorageSpace space, BlobName name, long length) throws IOException {
    BodyDigests.Hashed hashed;
    try (InputStream in = blobs.read(space, name, null)) {
      hashed = BodyDigests.of(in);
    }
    if (hashed.size() != length) {
      throw new UnavailableException("the upload's stored bytes do not match its offset", null);
    }
    return new StagedBlob(name, hashed.size(), hashed.sha256(), hashed.md5(), 0);
  }

  /**
   * The chunk blobs joined into one by the store ({@link #joiner}), with the upload's running
   * hashes, or a final upload's parts' digests ({@link ConcatenatedParts}): nothing is read. An
   * upload without either (one begun before Silo kept running hashes) has its chunks read once to
   * hash them, which is still no write. Empty when the store cannot join these blobs, or the
   * upload has no chunk.
   */
  Optional<StagedBlob> joined(RequestContext ctx, StorageSpace space, ResumableUpload u, List<ResumablePart> parts)
      throws IOException {
    var store = joiner(parts);
    if (store.isEmpty() || parts.isEmpty()) {
      return Optional.empty();
    }
    String sha256;
    String md5;
    Optional<ConcatenatedParts> made = ConcatenatedParts.decode(u.hashState());
    if (made.isPresent()) {
      sha256 = made.get().sha256();
      md5 = made.get().etag();
    } else if (u.hashState() != null) {
      RunningHashes hashes = RunningHashes.restore(u.hashState());
      sha256 = hashes.sha256Hex();
      md5 = hashes.md5Hex();
    } else {
      BodyDigests.Hashed hashed;
      try (InputStream in = open(space, parts)) {
        hashed = BodyDigests.of(in);
      }
      if (hashed.size() != u.length()) {
        throw new UnavailableException("the upload's stored chunks do not add up to its length", null);
      }
      sha256 = hashed.sha256();
      md5 = hashed.md5();
    }
    List<BlobName> sources = parts.stream().map(ResumablePart::blob).toList();
    StagedBlob joined = writer.compose(ctx, space, store.get(), sources, sha256, md5);
    if (joined.size() != u.length()) {
      writer.discard(joined, space);
      throw new UnavailableException("the upload's stored chunks do not add up to its length", null);
    }
    return Optional.of(joined);
  }

  /**
   * How the store joins {@code parts}' blobs without Silo writing their bytes again: the
   * filesystem links them into one blob (encrypted chunks stay units of their own); a store that
   * assembles (S3) copies each in as a part of an assembly, inside the backend (UploadPartCopy),
   * when every one but the last is big enough to be a part. Empty otherwise.
   */
  private Optional<ComposableBlobs> joiner(List<ResumablePart> parts) {
    var composable = blobs.composable();
    if (composable.isPresent() || multipart == null || parts.size() > multipart.maxParts()) {
      return composable;
    }
    for (int i = 0; i < parts.size() - 1; i++) {
      if (parts.get(i).size() < MultipartService.MIN_PART_BYTES) {
        return Optional.empty();
      }
    }
    return Optional.of(this::assembleCopies);
  }

  /** {@code sources} copied, in order, into the parts of a new assembly of {@code name}, completed; its size. */
  private long assembleCopies(StorageSpace space, BlobName name, List<BlobName> sources) throws IOException {
    String assembly = multipart.begin(space, name);
    try {
      List<MultipartBlobs.Part> copied = new ArrayList<>(sources.size());
      for (BlobName source : sources) {
        copied.add(multipart.copyPart(space, name, assembly, copied.size() + 1, source, null));
      }
      multipart.complete(space, name, assembly, copied);
      return sizeOf(copied);
    } catch (IOException | RuntimeException e) {
      abortQuietly(space, name, assembly);
      throw e;
    }
  }

  /** The parts' blobs as one stream, each opened when the one before it ends. */
  InputStream open(StorageSpace space, List<ResumablePart> parts) {
    Iterator<ResumablePart> it = parts.iterator();
    return new SequenceInputStream(
        new Enumeration<>() {
          @Override
          public boolean hasMoreElements() {
            return it.hasNext();
          }

          @Override
          public InputStream nextElement() {
            try {
              return blobs.read(space, it.next().blob(), null);
            } catch (IOException e) {
              throw new UnavailableException("a chunk's bytes are missing from storage", e);
            }
          }
        });
  }
}
