package dev.silo.core.write;

import dev.silo.core.audit.Journal;
import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.inline.InlineBlobs;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.object.ObjectWriter;
import dev.silo.core.object.StagedBlob;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.support.IdGenerator;
import dev.silo.core.tenant.TenancyLayout;
import dev.silo.core.version.Versions;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What every upload service writes through, handed over as one: the stores, the streaming half
 * of a write ({@link ObjectWriter}), the rules ({@link WritePolicy}), the publishing transaction
 * ({@link Publisher}), the version steps ({@link Versions}), the reaper of unreferenced blobs, the journal, ids, the clock, and which
 * small objects are kept inline ({@link InlineBlobs}). The
 * services differ only in how their protocol delivers bytes.
 */
public record WritePipeline(
    MetadataStore metadata,
    BlobStore blobs,
    TenancyLayout layout,
    ObjectWriter writer,
    BlobReaper reaper,
    WritePolicy policy,
    Publisher publisher,
    Versions versions,
    Journal journal,
    IdGenerator ids,
    Clock clock,
    InlineBlobs inline) {

  /** Builds the pipeline over the stores, small objects inline up to the default size. */
  public static WritePipeline over(
      MetadataStore metadata, BlobStore blobs, TenancyLayout layout, BlobReaper reaper, Journal journal, IdGenerator ids,
      Clock clock) {
    return over(metadata, blobs, layout, reaper, journal, ids, clock, InlineBlobs.DEFAULT);
  }

  /** Builds the pipeline over the stores: writer, policy and publisher made here. */
  public static WritePipeline over(
      MetadataStore metadata, BlobStore blobs, TenancyLayout layout, BlobReaper reaper, Journal journal, IdGenerator ids,
      Clock clock, InlineBlobs inline) {
    WritePolicy policy = new WritePolicy();
    Versions versions = new Versions(ids, reaper, journal);
    return new WritePipeline(
        metadata, blobs, layout, new ObjectWriter(metadata, blobs, reaper, ids, clock), reaper, policy,
        new Publisher(metadata, blobs, layout, policy, reaper, journal, ids, clock, versions, inline), versions, journal, ids, clock, inline);
  }

  /**
   * The bytes of {@code o}, a row of the transaction's tenant, for a new row to share (a restored
   * version, a copy): its blob with one more reference ({@code blob_refs}), or for a small
   * object its sealed bytes copied into an inline row of its own, cheaper than counting
   * references. Empty when its inline bytes are not there (gone, or inline storage is off).
   */
  public Optional<StagedBlob> shared(TenantTx tx, ObjectInfo o) {
    if (o.blob().inline()) {
      return (inline == null ? Optional.<byte[]>empty() : inline.stored(tx, o.blob()))
          .map(bytes -> new StagedBlob(ids.inlineBlobName(), o.size(), o.sha256(), o.etag(), 0, bytes));
    }
    tx.versions().shareBlob(o.blob());
    return Optional.of(new StagedBlob(o.blob(), o.size(), o.sha256(), o.etag(), 0));
  }

  /**
   * {@code use} of the bytes of {@code blob} (a {@code range} of them, or all: null) read again:
   * a copy whose source changed after its bytes were read and hashed, and which cannot share the
   * blob any more, takes them while the store still has them; once gone, the copy is refused, to
   * be tried again.
   */
  public <T> T readAgain(StorageSpace space, BlobName blob, ByteRange range, java.util.function.Function<InputStream, T> use) {
    InputStream again;
    try {
      again = blobs.read(space, blob, range);
    } catch (IOException gone) {
      throw new UnavailableException("the copy source changed while it was copied; copy it again", gone);
    }
    try (again) {
      return use.apply(again);
    } catch (IOException closing) {
      throw new UnavailableException("the storage backend failed", closing);
    }
  }

  /** The time of a write, to the millisecond (what the metadata stores keep). */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
