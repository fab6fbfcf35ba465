package dev.silo.core.object;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.error.SiloException;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.support.IdGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The first half of every write: stream a body into a fresh, immutable blob. An intent row is
 * committed before the first byte, so that if this process dies mid-stream the sweeper finds the
 * blob without listing the backend. The second half, publication, is one metadata transaction
 * that lives with each caller.
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
    BlobName name = ids.blobName();
    Instant notBefore = clock.instant().plus(INTENT_GRACE);
    long intentId =
        metadata.inTenant(ctx.tenant(), tx -> tx.cleanup().schedule(space, name, notBefore));
    MeteredInputStream metered = new MeteredInputStream(body, cap, expectedLength, capMessage);
    try {
      blobs.write(space, name, metered);
    } catch (SiloException e) {
      discard(new StagedBlob(name, 0, null, null, intentId), space);
      throw e;
    } catch (IOException | RuntimeException e) {
      discard(new StagedBlob(name, 0, null, null, intentId), space);
      throw new UnavailableException("the storage backend failed", e);
    }
    return new StagedBlob(name, metered.count(), metered.sha256Hex(), metered.md5Hex(), intentId);
  }

  /** Removes a staged blob that will not be published; its intent row goes with it. */
  public void discard(StagedBlob staged, StorageSpace space) {
    reaper.reap(List.of(new BlobReaper.Doomed(staged.intentId(), space, staged.name())));
  }
}
