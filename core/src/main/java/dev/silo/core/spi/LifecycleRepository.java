package dev.silo.core.spi;

import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.Usage;
import java.time.Instant;
import java.util.List;

/**
 * The lifecycle sweeper's view across tenants: candidates to expire, found in a global
 * transaction and each removed afterwards in its own tenant transaction, which checks again that
 * the row still qualifies (so two nodes sweeping at once remove each row once).
 */
public interface LifecycleRepository {
  /** A row of one tenant: an object id or a multipart upload id. */
  record Candidate(TenantId tenant, String id) {}

  /**
   * Usage before and after a reconciliation (equal when there was no drift), and the bytes
   * reserved by uploads that no longer exist, released by it.
   */
  record Reconciled(TenantId tenant, Usage before, Usage after, long orphanedBytes) {
    public boolean drifted() {
      return !before.equals(after) || orphanedBytes > 0;
    }
  }

  /**
   * Ready objects of the {@code tmp} category (keys under {@link #TMP_PREFIX}), created before
   * {@code before}, oldest first.
   */
  List<Candidate> tmpObjects(Instant before, int limit);

  /** The prefix of every key of the {@code tmp} category (see the presigned upload service). */
  String TMP_PREFIX = "tmp/";

  /** Pending objects (unfinished presigned uploads) created before {@code before}, oldest first. */
  List<Candidate> pendingObjects(Instant before, int limit);

  /** Multipart uploads created before {@code before}, oldest first. */
  List<Candidate> multipartUploads(Instant before, int limit);

  /** Unrevoked S3 credentials last used (or, never used, created) before {@code before}; ids are access key ids. */
  List<Candidate> idleS3Credentials(Instant before, int limit);

  /** A bucket with lifecycle rules. */
  record RuledBucket(TenantId tenant, dev.silo.core.domain.BucketName bucket, dev.silo.core.domain.Lifecycle lifecycle) {}

  /** Buckets with lifecycle rules, of every tenant, ordered by tenant and name. */
  List<RuledBucket> ruledBuckets();

  /** Tenant ids greater than {@code after} (empty string: from the start), in order. */
  List<TenantId> tenantsAfter(String after, int limit);

  /**
   * Sets the tenant's usage counters to the size sum and count of its ready objects and its
   * noncurrent versions (delete markers count nothing), with the
   * tenant row locked so that no concurrent write's delta is lost, and releases the reservations
   * of uploads that no longer exist (a multipart upload, an unfinished TUS upload or a pending
   * presigned object of that id).
   */
  Reconciled reconcileUsage(TenantId tenant);
}
