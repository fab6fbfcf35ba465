package dev.silo.core.object;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.CleanupRepository;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.spi.TenantTx;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Deletes blobs that no object points at any more. A blob is first recorded in the cleanup table
 * inside the transaction that unreferences it, deleted after the commit, and the record removed
 * last; a crash in between leaves the record, and {@link #sweep} finishes the job. So a blob is
 * never deleted while a committed row still points at it, and never forgotten.
 */
public final class BlobReaper {
  private static final System.Logger LOG = System.getLogger(BlobReaper.class.getName());

  /** A blob scheduled for deletion in a transaction, to be reaped after it commits. */
  public record Doomed(long cleanupId, StorageSpace space, BlobName blob) {}

  private final MetadataStore metadata;
  private final BlobStore blobs;
  private final Clock clock;

  public BlobReaper(MetadataStore metadata, BlobStore blobs, Clock clock) {
    this.metadata = metadata;
    this.blobs = blobs;
    this.clock = clock;
  }

  /**
   * Schedules the blob's deletion in the transaction that unreferences it. An inline blob is
   * deleted right there, in that transaction: there is nothing left to do after the commit.
   */
  public Doomed schedule(TenantTx tx, StorageSpace space, BlobName blob, Instant now) {
    if (blob.inline()) {
      tx.inline().delete(blob);
      return new Doomed(0, space, blob);
    }
    return new Doomed(tx.cleanup().schedule(space, blob, now), space, blob);
  }

  /**
   * Discards an unfinished assembly of the store ({@link dev.silo.core.spi.MultipartBlobs}) and its
   * parts; succeeds if it is already gone. Called before the row that names it is deleted, so that
   * if the store cannot do it now the row stays and a later attempt does.
   */
  public void abortAssembly(StorageSpace space, BlobName blob, String assembly) throws IOException {
    var assemblies = blobs.multipart();
    if (assemblies.isPresent()) {
      assemblies.get().abort(space, blob, assembly);
    }
  }

  /** Deletes the blobs now; whatever fails stays scheduled for the sweeper. */
  public void reap(List<Doomed> doomed) {
    for (Doomed d : doomed) {
      if (d.blob().inline()) {
        continue; // deleted with the transaction that scheduled it
      }
      reap(d.cleanupId(), d.space(), d.blob());
    }
  }

  /** Deletes every blob whose cleanup record is due; returns how many were removed. */
  public int sweep(int limit) {
    List<CleanupRepository.Entry> due = metadata.global(tx -> tx.cleanup().due(clock.instant(), limit));
    int removed = 0;
    for (CleanupRepository.Entry e : due) {
      if (reap(e.id(), e.space(), e.blob())) {
        removed++;
      }
    }
    return removed;
  }

  private boolean reap(long cleanupId, StorageSpace space, BlobName blob) {
    try {
      blobs.delete(space, blob);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "blob {0} not deleted yet, will retry: {1}", blob, e.toString());
      return false;
    }
    metadata.global(
        tx -> {
          tx.cleanup().remove(cleanupId);
          return null;
        });
    return true;
  }
}
