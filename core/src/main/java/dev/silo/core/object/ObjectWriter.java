package dev.silo.core.object;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.Checksum;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.error.SiloException;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.inline.InlineBlobs;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.ComposableBlobs;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.spi.MultipartBlobs;
import dev.silo.core.support.IdGenerator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The first half of every write: stream a body into a fresh, immutable blob. An intent row is
 * committed before the first byte, so that if this process dies mid-stream the sweeper finds the
 * blob without listing the backend. The second half, publication, is {@link
 * dev.silo.core.write.Publisher}.
 */
public final class ObjectWriter {
  /** How long an unfinished blob is left alone before the sweeper may take it. */
  static final Duration INTENT_GRACE = Duration.ofHours(24);

  private final MetadataStore metadata;
  private final BlobStore blobs;
  private final BlobReaper reaper;
  private final IdGenerator ids;
  private final Clock clock;

  public ObjectWriter(MetadataStore metadata, BlobStore blobs, BlobReaper reaper, IdGenerator ids, Clock clock) {
    this.metadata = metadata;
    this.blobs = blobs;
    this.reaper = reaper;
    this.ids = ids;
    this.clock = clock;
  }

  public StagedBlob stream(RequestContext ctx, StorageSpace space, InputStream body, long cap, Long expectedLength, String capMessage) {
    return stage(ctx, space, body, cap, expectedLength, capMessage, null);
  }

  /**
   * Like {@link #stream}, for a piece of an upload whose hashes the caller keeps itself (a TUS
   * chunk: the upload's running hashes): nothing is hashed, the blob's SHA-256 and MD5 are null.
   */
  public StagedBlob streamPiece(
      RequestContext ctx, StorageSpace space, InputStream body, long cap, Long expectedLength, String capMessage) {
    MeteredInputStream metered = new MeteredInputStream(body, cap, expectedLength, capMessage, false);
    return write(ctx, space, name -> {
      blobs.write(space, name, metered);
      return metered.count();
    }, () -> null, () -> null);
  }

  /**
   * Like {@link #stream}, but a body that ends within {@code inline.max()} bytes (null: never) is
   * kept in memory as an inline blob, sealed for its row, for the publishing transaction to store:
   * no intent, no file, no sync of its own. At most {@code max + 1} bytes are held; a longer body
   * goes on to the blob store from there, hashed once.
   */
  public StagedBlob stage(
      RequestContext ctx, StorageSpace space, InputStream body, long cap, Long expectedLength, String capMessage,
      InlineBlobs inline) {
    MeteredInputStream metered = new MeteredInputStream(body, cap, expectedLength, capMessage);
    int inlineMax = inline == null ? 0 : inline.max();
    try {
      InputStream rest = metered;
      if (inlineMax > 0 && (expectedLength == null || expectedLength <= inlineMax)) {
        byte[] head;
        try {
          head = metered.readNBytes(inlineMax + 1);
        } catch (IOException e) {
          throw new UnavailableException("the request body could not be read", e); // CappedBody types the client's
        }
        if (head.length <= inlineMax) {
          return new StagedBlob(ids.inlineBlobName(), head.length, metered.sha256Hex(), metered.md5Hex(), 0,
              inline.seal(ctx.tenant(), head), metered.checksum());
        }
        rest = new SequenceInputStream(new ByteArrayInputStream(head), metered);
      }
      InputStream from = rest;
      return write(ctx, space, name -> {
        blobs.write(space, name, from);
        return metered.count();
      }, metered::sha256Hex, metered::md5Hex).withChecksum(metered.checksum());
    } finally {
      metered.abandon(); // ends an MD5 thread a failed write left behind; nothing once the digests are read
    }
  }

  /**
   * Like {@link #stream}, for a blob the store composes of other blobs ({@link ComposableBlobs})
   * without reading them; {@code sha256} and {@code md5} are what the caller derived from the
   * sources' recorded hashes.
   */
  public StagedBlob compose(
      RequestContext ctx, StorageSpace space, ComposableBlobs store, List<BlobName> sources, String sha256, String md5) {
    return write(ctx, space, name -> store.compose(space, name, sources), () -> sha256, () -> md5);
  }

  /** A part streamed into a store's assembly, with the hashes of its bytes and its additional checksum (null: none). */
  public record StreamedPart(MultipartBlobs.Part part, String sha256, String md5, Checksum checksum) {}

  /**
   * Like {@link #stream}, into part {@code number} of an assembly ({@link MultipartBlobs}) instead
   * of a blob of its own; the body must have exactly {@code length} bytes. No intent row: the
   * upload's row is what leads the sweeper to the assembly.
   */
  public StreamedPart streamPart(
      StorageSpace space, MultipartBlobs store, BlobName name, String assembly, int number, InputStream body,
      long cap, long length, String capMessage) {
    MeteredInputStream metered = new MeteredInputStream(body, cap, length, capMessage);
    MultipartBlobs.Part part;
    try {
      part = store.uploadPart(space, name, assembly, number, metered, length);
      // a store reads the length it was told and may stop there: the body's end is read here, so
      // that a declared digest (Content-MD5, a checksum header) is checked, as on every other path
      if (metered.read() >= 0) {
        throw new dev.silo.core.error.InvalidInputException("invalid_body", "the request body is longer than its Content-Length");
      }
    } catch (SiloException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new UnavailableException("the storage backend failed", e);
    }
    if (metered.count() != length) {
      throw new dev.silo.core.error.InvalidInputException("incomplete_body", "the request body is shorter than its Content-Length");
    }
    return new StreamedPart(part, metered.sha256Hex(), metered.md5Hex(), metered.checksum());
  }

  /** The hashes of bytes read and kept nowhere, and the body's additional checksum (null: none). */
  public record Digests(String sha256, String md5, Checksum checksum) {
    public Digests(String sha256, String md5) {
      this(sha256, md5, null);
    }
  }

  /**
   * The SHA-256 and MD5 of {@code body}, bytes Silo already holds (a stretch of a stored blob),
   * read to the end and kept nowhere; the body must have exactly {@code length} bytes.
   */
  public Digests digest(InputStream body, long length) {
    MeteredInputStream metered = new MeteredInputStream(body, length, length, "the stored bytes are longer than recorded");
    try {
      byte[] buffer = new byte[128 * 1024];
      while (metered.read(buffer) >= 0) {
        // the digests are taken as the bytes pass
      }
      return new Digests(metered.sha256Hex(), metered.md5Hex(), metered.checksum());
    } catch (SiloException e) {
      throw new UnavailableException("the stored bytes are not as long as recorded", e);
    } catch (IOException | RuntimeException e) {
      throw new UnavailableException("the storage backend failed", e);
    } finally {
      metered.abandon();
    }
  }

  /** Writes a blob into the store; returns its size. */
  @FunctionalInterface
  private interface Write {
    long into(BlobName name) throws IOException;
  }

  /** The intent row first, then the bytes; on failure the blob and its intent go. */
  private StagedBlob write(
      RequestContext ctx, StorageSpace space, Write write, Supplier<String> sha256, Supplier<String> md5) {
    BlobName name = ids.blobName();
    Instant notBefore = clock.instant().plus(INTENT_GRACE);
    long intentId =
        metadata.inTenant(ctx.tenant(), tx -> tx.cleanup().schedule(space, name, notBefore));
    StagedBlob staged;
    try {
      long size = write.into(name);
      staged = new StagedBlob(name, size, sha256.get(), md5.get(), intentId);
    } catch (SiloException e) {
      discard(new StagedBlob(name, 0, null, null, intentId), space);
      throw e;
    } catch (IOException | RuntimeException e) {
      discard(new StagedBlob(name, 0, null, null, intentId), space);
      throw new UnavailableException("the storage backend failed", e);
    }
    return staged;
  }

  /** Removes a staged blob that will not be published; its intent row goes with it. */
  public void discard(StagedBlob staged, StorageSpace space) {
    if (staged.name().inline()) {
      return; // its row was never written, or went with the transaction that failed
    }
    reaper.reap(List.of(new BlobReaper.Doomed(staged.intentId(), space, staged.name())));
  }
}
