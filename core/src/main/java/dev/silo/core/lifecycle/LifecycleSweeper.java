package dev.silo.core.lifecycle;

import dev.silo.core.audit.Journal;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.LifecycleRule;
import dev.silo.core.domain.LifecycleWalks;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectStatus;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.TenantId;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.multipart.MultipartService;
import dev.silo.core.multipart.UploadedPart;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.spi.LifecycleRepository;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.spi.ObjectRepository;
import dev.silo.core.spi.StoredVersion;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.spi.VersionRepository;
import dev.silo.core.support.IdGenerator;
import dev.silo.core.version.Versions;
import dev.silo.core.tenant.TenancyLayout;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The lifecycle sweeps: tmp objects past their TTL, presigned uploads never completed, abandoned
 * multipart uploads, what the buckets' lifecycle rules expire (objects, noncurrent versions,
 * delete markers left alone, uploads), idle S3 credentials, and usage counters that drifted from
 * the metadata.
 *
 * <p>Each sweep takes at most {@code limit} candidates from a global query, then handles each in
 * its own tenant transaction that first locks the tenant's row and then checks again that the row
 * still qualifies; so a crash loses nothing (the next pass finds what is left) and several nodes
 * sweeping at once remove each row once, moving usage and journaling once. Blobs are scheduled in
 * the same transaction and reaped after it commits, as every delete does.
 */
public final class LifecycleSweeper {
  private static final System.Logger LOG = System.getLogger(LifecycleSweeper.class.getName());

  /** The prefix of every key of the {@code tmp} category (see the presigned upload service). */
  public static final String TMP_PREFIX = LifecycleRepository.TMP_PREFIX;

  /**
   * {@code credentialMaxIdle} null: S3 credentials never expire. {@code reconcileEvery}: how often
   * a full pass over the tenants' usage counters starts.
   */
  public record Settings(
      Duration tmpTtl, Duration pendingTtl, Duration multipartTtl, Duration credentialMaxIdle, Duration reconcileEvery) {
    /** Pending presigned uploads: the longest signed-URL lifetime plus an hour's grace. */
    public static final Duration PENDING_TTL = Duration.ofHours(25);
  }

  private final MetadataStore metadata;
  private final TenancyLayout layout;
  private final BlobReaper reaper;
  private final Journal journal;
  private final Function<TenantId, RequestContext> system;
  private final Clock clock;
  private final Settings settings;
  private final Versions versions;
  private String reconcileCursor = "";
  private Instant nextReconcile;

  public LifecycleSweeper(
      MetadataStore metadata, TenancyLayout layout, BlobReaper reaper, Journal journal,
      Function<TenantId, RequestContext> system, Clock clock, Settings settings) {
    this(metadata, layout, reaper, journal, system, clock, settings, new Versions(IdGenerator.secure(), reaper, journal));
  }

  /** With the write pipeline's {@link Versions}, so deletions by the sweeper follow the buckets' versioning. */
  public LifecycleSweeper(
      MetadataStore metadata, TenancyLayout layout, BlobReaper reaper, Journal journal,
      Function<TenantId, RequestContext> system, Clock clock, Settings settings, Versions versions) {
    this.versions = versions;
    this.metadata = metadata;
    this.layout = layout;
    this.reaper = reaper;
    this.journal = journal;
    this.system = system;
    this.clock = clock;
    this.settings = settings;
  }

  /** Runs every sweep once; returns how many rows each removed or fixed, by kind (zeros included). */
  public synchronized Map<String, Integer> sweep(int limit) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("tmp_object", guarded("tmp_object", () -> expireTmpObjects(limit)));
    counts.put("pending_upload", guarded("pending_upload", () -> expirePendingUploads(limit)));
    counts.put("multipart_upload", guarded("multipart_upload", () -> abortMultipartUploads(limit)));
    counts.put("expired_object", guarded("expired_object", () -> expireObjects(limit)));
    counts.put("noncurrent_version", guarded("noncurrent_version", () -> expireNoncurrentVersions(limit)));
    counts.put("s3_credential", guarded("s3_credential", () -> revokeIdleCredentials(limit)));
    counts.put("usage_drift", guarded("usage_drift", () -> reconcileUsage(limit)));
    counts.forEach((kind, n) -> {
      if (n > 0) {
        LOG.log(System.Logger.Level.INFO, "lifecycle sweep {0}: {1}", kind, n);
      }
    });
    return counts;
  }

  /** One failing sweep does not stop the others. */
  private static int guarded(String kind, java.util.function.IntSupplier sweep) {
    try {
      return sweep.getAsInt();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "lifecycle sweep {0} failed: {1}", kind, e.toString());
      return 0;
    }
  }

  /** Ready objects under {@code tmp/} older than the TTL, deleted as a DELETE request would. */
  public int expireTmpObjects(int limit) {
    Instant now = clock.instant();
    Instant cutoff = now.minus(settings.tmpTtl());
    return removeEach(
        metadata.global(tx -> tx.lifecycle().tmpObjects(cutoff, limit)),
        (tx, ctx, c) -> {
          ObjectInfo o =
              tx.objects().find(new ObjectId(c.id()))
                  .filter(x -> x.ready() && x.key().value().startsWith(TMP_PREFIX) && before(x.createdAt(), cutoff))
                  .orElse(null);
          if (o == null) {
            return null;
          }
          // as a DELETE does: in a versioned bucket the object becomes noncurrent under a marker
          return versions.deleteCurrent(tx, ctx, space(tx), o, now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)).doomed();
        });
  }

  /**
   * In each bucket, for each enabled lifecycle rule that expires objects (days or a date): current
   * versions it covers modified before the rule's cutoff, deleted as a DELETE request would (in a
   * versioned bucket they become noncurrent under a delete marker). At most {@code limit} per rule
   * and pass; each bucket in a transaction of its own.
   *
     * <p>A rule's objects are found by walking its prefix's keys ({@link ObjectRepository#expiring}),
   * at most {@link #WALK_PER_LIMIT} times {@code limit} keys a pass, the next pass going on from
   * where this one stopped and the walk starting over at the end: a pass costs the same in a
   * bucket of any size, where a search for the old objects (no index orders them by age) would
   * read every key of the prefix each minute. An object past its rule's days in a prefix of {@code
   * n} keys goes within {@code n / (WALK_PER_LIMIT * limit)} passes.
   */
  public int expireObjects(int limit) {
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    return eachRuledBucket((tx, ctx, bucket, rules, doomed) -> {
      LifecycleWalks walks = tx.buckets().walks(bucket);
      LifecycleWalks reached = walks;
      int count = 0;
      StorageSpace space = space(tx);
      for (LifecycleRule rule : rules) {
        Instant cutoff = rule.expiresModifiedBefore(now).orElse(null);
        if (cutoff == null) {
          continue;
        }
        String walk = "keys/" + rule.id();
        ObjectRepository.Stretch stretch =
            tx.objects().expiring(bucket, rule, walks.at(walk), cutoff, limit * WALK_PER_LIMIT, limit);
        for (ObjectInfo o : stretch.objects()) {
          doomed.addAll(versions.deleteCurrent(tx, ctx, space, o, now).doomed());
        }
        reached = reached.with(walk, stretch.resumeAfter());
        count += stretch.objects().size();
      }
      keep(tx, bucket, walks, reached);
      return count;
    });
  }

  /** How many keys a rule's expiration reads in a pass, per object it may expire ({@code limit}). */
  static final int WALK_PER_LIMIT = 10;

  /**
   * Keeps where the bucket's walks stopped, in the transaction that removed what they found: a
   * transaction tried again reads them afresh, and one that fails keeps nothing, so that stretch is
   * read again rather than skipped.
   */
  private static void keep(TenantTx tx, BucketName bucket, LifecycleWalks before, LifecycleWalks reached) {
    if (!reached.equals(before)) {
      tx.buckets().setWalks(bucket, reached);
    }
  }

  /**
   * In each bucket, for each enabled lifecycle rule: versions of the keys under its prefix
   * noncurrent for longer than its noncurrent days, and (under a rule that expires anything)
   * delete markers that are all that is left of their key, deleted for good (audited as {@code
   * object.version_expired}, announced as {@code object.deleted}). At most {@code limit} of each
   * per rule and pass; each bucket in a transaction of its own. The versions are walked as {@link
   * #expireObjects} walks the keys, in the order of a version listing.
   */
  public int expireNoncurrentVersions(int limit) {
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    return eachRuledBucket((tx, ctx, bucket, rules, doomed) -> {
      LifecycleWalks walks = tx.buckets().walks(bucket);
      LifecycleWalks reached = walks;
      int count = 0;
      StorageSpace space = space(tx);
      for (LifecycleRule rule : rules) {
        if (rule.noncurrentDays() != null) {
          Instant cutoff = LifecycleRule.cutoff(now, rule.noncurrentDays());
          String walk = "versions/" + rule.id();
          VersionRepository.VersionStretch stretch =
              tx.versions().noncurrent(bucket, rule, VersionRepository.Position.ofPlace(walks.at(walk)), cutoff, limit * WALK_PER_LIMIT, limit);
          for (StoredVersion v : stretch.versions()) {
            if (v.object().lock().protects(now, false)) {
              continue; // under object lock: a rule expires it once the lock lets go, as on S3
            }
            versions.removeNoncurrent(tx, space, v, now, false).ifPresent(doomed::add);
            journal.in(tx, ctx, now).object("object.version_expired", "object.deleted", v.object(), v.deleteMarker());
            count++;
          }
          reached = reached.with(walk, VersionRepository.Position.placeOf(stretch.resumeAfter()));
        }
        if (rule.removesOrphanMarkers()) {
          String walk = "markers/" + rule.id();
          VersionRepository.VersionStretch stretch =
              tx.versions().orphanMarkers(bucket, rule.prefix(), VersionRepository.Position.ofPlace(walks.at(walk)), limit * WALK_PER_LIMIT, limit);
          for (StoredVersion m : stretch.versions()) {
            versions.removeNoncurrent(tx, space, m, now, false);
            journal.in(tx, ctx, now).object("object.version_expired", "object.deleted", m.object(), true);
            count++;
          }
          reached = reached.with(walk, VersionRepository.Position.placeOf(stretch.resumeAfter()));
        }
      }
      keep(tx, bucket, walks, reached);
      return count;
    });
  }

  /** What one sweep does in a bucket with rules, in the bucket's tenant transaction; returns how many it removed. */
  @FunctionalInterface
  private interface BucketWork {
    int run(TenantTx tx, RequestContext ctx, BucketName bucket, List<LifecycleRule> rules, List<BlobReaper.Doomed> doomed);
  }

  /** Runs {@code work} in each bucket with enabled rules, a transaction each; reaps what it dooms once committed. */
  private int eachRuledBucket(BucketWork work) {
    int n = 0;
    for (LifecycleRepository.RuledBucket b : metadata.global(tx -> tx.lifecycle().ruledBuckets())) {
      List<LifecycleRule> rules = b.lifecycle().enabled();
      if (rules.isEmpty()) {
        continue;
      }
      RequestContext ctx = system.apply(b.tenant());
      List<BlobReaper.Doomed> doomed = new ArrayList<>();
      int count =
          metadata.inTenant(
              b.tenant(),
              tx -> {
                doomed.clear(); // a retried transaction starts again
                tx.tenant().usage(); // locks the tenant row, as every removal here does
                // the rules as they are now: a change since the global read wins
                return tx.buckets().find(b.bucket()).map(current -> work.run(tx, ctx, b.bucket(), current.lifecycle().enabled(), doomed))
                    .orElse(0);
              });
      reaper.reap(doomed);
      n += count;
    }
    return n;
  }

  /** Presigned uploads still pending after every URL that could complete them has expired. */
  public int expirePendingUploads(int limit) {
    Instant now = clock.instant();
    Instant cutoff = now.minus(settings.pendingTtl());
    return removeEach(
        metadata.global(tx -> tx.lifecycle().pendingObjects(cutoff, limit)),
        (tx, ctx, c) -> {
          ObjectInfo o =
              tx.objects().find(new ObjectId(c.id()))
                  .filter(x -> x.status() == ObjectStatus.PENDING && before(x.createdAt(), cutoff))
                  .orElse(null);
          if (o == null) {
            return null;
          }
          tx.objects().delete(o.id());
          tx.tenant().release(o.id().value());
          journal.in(tx, ctx, now).audit("upload.expired", o.bucket().value() + "/" + o.key().value());
          if (o.blob() == null) {
            return List.of();
          }
          // a staged (or directly presigned) blob may already be scheduled with a grace: due now
          tx.cleanup().cancel(o.blob());
          return List.of(reaper.schedule(tx, space(tx), o.blob(), now));
        });
  }

  /**
   * S3 multipart uploads initiated longer ago than the setting, or than the days after initiation
   * of an enabled lifecycle rule of their bucket covering their key, aborted with their parts.
   */
  public int abortMultipartUploads(int limit) {
    Instant now = clock.instant();
    Instant cutoff = now.minus(settings.multipartTtl());
    int n = removeEach(metadata.global(tx -> tx.lifecycle().multipartUploads(cutoff, limit)), abortUpload(cutoff));
    for (LifecycleRepository.RuledBucket b : metadata.global(tx -> tx.lifecycle().ruledBuckets())) {
      for (LifecycleRule rule : b.lifecycle().enabled()) {
        if (rule.abortIncompleteDays() == null) {
          continue;
        }
        Instant ruleCutoff = LifecycleRule.cutoff(now, rule.abortIncompleteDays());
        List<LifecycleRepository.Candidate> started =
            metadata.inTenant(b.tenant(), tx -> uploadsStartedBefore(tx, b.bucket(), rule.prefix(), ruleCutoff, limit)).stream()
                .map(id -> new LifecycleRepository.Candidate(b.tenant(), id))
                .toList();
        n += removeEach(started, abortUpload(ruleCutoff));
      }
    }
    return n;
  }

  /** Ids of the bucket's uploads of keys under {@code prefix} started before {@code cutoff}, at most {@code limit}. */
  private static List<String> uploadsStartedBefore(TenantTx tx, BucketName bucket, String prefix, Instant cutoff, int limit) {
    List<String> ids = new ArrayList<>();
    String keyAfter = null;
    String idAfter = null;
    while (ids.size() < limit) {
      List<dev.silo.core.multipart.MultipartUpload> page = tx.multipart().list(bucket, prefix, keyAfter, idAfter, 1000);
      for (var u : page) {
        if (before(u.createdAt(), cutoff) && ids.size() < limit) {
          ids.add(u.uploadId());
        }
      }
      if (page.size() < 1000) {
        break;
      }
      keyAfter = page.getLast().key().value();
      idAfter = page.getLast().uploadId();
    }
    return ids;
  }

  /** Aborts an upload, with its parts, if it still exists and was started before {@code cutoff}. */
  private Removal abortUpload(Instant cutoff) {
    Instant now = clock.instant();
    return (tx, ctx, c) -> {
      var upload = tx.multipart().find(c.id()).filter(u -> before(u.createdAt(), cutoff));
      if (upload.isEmpty()) {
        return null;
      }
      StorageSpace space = space(tx);
      List<BlobReaper.Doomed> out = new ArrayList<>();
      var u = upload.get();
      if (u.assembled()) {
        // the store's assembly first: if it cannot be aborted now the upload stays for the next pass
        try {
          reaper.abortAssembly(space, u.blob(), u.assembly());
        } catch (IOException e) {
          throw new UnavailableException("the storage backend failed", e);
        }
        out.add(reaper.schedule(tx, space, u.blob(), now)); // completed by a Complete that failed to publish
      }
      int after = 0;
      while (true) {
        List<UploadedPart> parts = tx.multipart().parts(c.id(), after, 1000);
        for (UploadedPart p : parts) {
          MultipartService.dropped(tx, reaper, space, p, now).ifPresent(out::add);
          after = p.number();
        }
        if (parts.size() < 1000) {
          break;
        }
      }
      tx.multipart().delete(c.id());
      tx.tenant().release(c.id());
      journal.in(tx, ctx, now)
          .audit("multipart.expired", upload.get().bucket().value() + "/" + upload.get().key().value());
      return out;
    };
  }

  /** S3 credentials not used (or, never used, not created) within the idle period; off when unset. */
  public int revokeIdleCredentials(int limit) {
    if (settings.credentialMaxIdle() == null) {
      return 0;
    }
    Instant now = clock.instant();
    Instant cutoff = now.minus(settings.credentialMaxIdle());
    return removeEach(
        metadata.global(tx -> tx.lifecycle().idleS3Credentials(cutoff, limit)),
        (tx, ctx, c) -> {
          boolean idle =
              tx.s3Credentials().find(c.id())
                  .filter(k -> k.revokedAt() == null)
                  .filter(k -> before(k.lastUsedAt() != null ? k.lastUsedAt() : k.createdAt(), cutoff))
                  .isPresent();
          if (!idle) {
            return null;
          }
          tx.s3Credentials().revoke(c.id(), now);
          journal.in(tx, ctx, now).credential("credential.revoked", c.id());
          return List.of();
        });
  }

  /**
   * Removes one candidate in its tenant's transaction: returns the blobs to reap once that has
   * committed, or null when the candidate no longer qualifies (a request or another node's sweep
   * changed it since the candidates were listed).
   */
  @FunctionalInterface
  private interface Removal {
    List<BlobReaper.Doomed> remove(TenantTx tx, RequestContext ctx, LifecycleRepository.Candidate candidate);
  }

  /** Removes each candidate in a transaction of its own, as the system; returns how many went. */
  private int removeEach(List<LifecycleRepository.Candidate> candidates, Removal removal) {
    int n = 0;
    for (LifecycleRepository.Candidate c : candidates) {
      RequestContext ctx = system.apply(c.tenant());
      List<BlobReaper.Doomed> doomed =
          metadata.inTenant(
              c.tenant(),
              tx -> {
                tx.tenant().usage(); // locks the tenant row: the removal's check sees any concurrent sweep's commit
                return removal.remove(tx, ctx, c);
              });
      if (doomed != null) {
        if (!doomed.isEmpty()) {
          reaper.reap(doomed);
        }
        n++;
      }
    }
    return n;
  }

  /**
   * One page of at most {@code limit} tenants of the current reconciliation pass, a pass starting
   * every {@code reconcileEvery}; returns how many tenants' counters had drifted (and were fixed).
   */
  public int reconcileUsage(int limit) {
    Instant now = clock.instant();
    if (reconcileCursor.isEmpty()) {
      if (nextReconcile != null && now.isBefore(nextReconcile)) {
        return 0;
      }
      nextReconcile = now.plus(settings.reconcileEvery());
    }
    String after = reconcileCursor;
    List<TenantId> page = metadata.global(tx -> tx.lifecycle().tenantsAfter(after, limit));
    int fixed = 0;
    for (TenantId t : page) {
      LifecycleRepository.Reconciled r = metadata.global(tx -> tx.lifecycle().reconcileUsage(t));
      if (r.drifted()) {
        LOG.log(
            System.Logger.Level.WARNING,
            "usage of tenant {0} drifted: {1} bytes / {2} objects counted, {3} / {4} stored; fixed",
            t.value(), r.before().bytes(), r.before().objects(), r.after().bytes(), r.after().objects());
        if (r.orphanedBytes() > 0) {
          LOG.log(System.Logger.Level.WARNING, "tenant {0} held {1} bytes reserved by uploads that are gone; released",
              t.value(), r.orphanedBytes());
        }
        fixed++;
      }
    }
    reconcileCursor = page.size() < limit ? "" : page.getLast().value();
    return fixed;
  }

  private static boolean before(Instant t, Instant cutoff) {
    return t != null && t.isBefore(cutoff);
  }

  private StorageSpace space(TenantTx tx) {
    return layout.spaceOf(tx.tenant().get());
  }
}
