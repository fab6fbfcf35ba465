package dev.silo.core.bucket;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BucketName;
import dev.silo.core.spi.TenantTx;

/**
 * Uploads into a bucket that are not published yet (S3 multipart, TUS). Deleting the bucket aborts
 * them first, so that none comes back when a bucket of the same name is created again, and their
 * bytes and reservations do not outlive it.
 */
public interface UnfinishedUploads {
  /** Aborts every unfinished upload into the bucket: bytes deleted, reservations released. */
  void abortAll(RequestContext ctx, BucketName bucket);

  /** Whether one remains (started while the others were aborted); the deletion then retries. */
  boolean any(TenantTx tx, BucketName bucket);
}
