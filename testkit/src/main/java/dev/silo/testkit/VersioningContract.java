package dev.silo.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.audit.Journal;
import dev.silo.core.auth.Authenticator;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.ListingFields;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectLock;
import dev.silo.core.error.ForbiddenException;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Lifecycle;
import dev.silo.core.domain.LifecycleRule;
import dev.silo.core.bucket.BucketService;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.TenantStatus;
import dev.silo.core.domain.Usage;
import dev.silo.core.domain.Versioning;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.error.PayloadTooLargeException;
import dev.silo.core.lifecycle.LifecycleSweeper;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.object.Conditions;
import dev.silo.core.object.ObjectService;
import dev.silo.core.object.PutRequest;
import dev.silo.core.object.ReadResult;
import dev.silo.core.signing.SigningKeys;
import dev.silo.core.signing.UrlSigner;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.support.IdGenerator;
import dev.silo.core.tenant.TenancyLayout;
import dev.silo.core.version.ObjectVersion;
import dev.silo.core.version.VersionListing;
import dev.silo.core.version.VersionService;
import dev.silo.core.write.WritePipeline;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.MetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Versioning's rules through the services the adapters call (ObjectService, VersionService, the
 * lifecycle sweeper), wired as the server wires them, with a clock the test moves, over the
 * stores a subclass opens: in memory (testkit), SQLite + filesystem and PostgreSQL + S3 (server).
 * Blobs are checked by name through the blob store, so that a version's bytes are proven kept,
 * shared or deleted on every backend.
 */
public abstract class VersioningContract {
  private static final String OPERATOR_TOKEN = "operator-token-for-memory-tests";

  /** A clock the test moves. */
  protected final MovableClock clock = new MovableClock(Instant.parse("2026-12-02T12:00:00Z"));
  private final IdGenerator ids = IdGenerator.secure();
  private MetadataStore metadata;
  private BlobStore blobs;
  private TenancyLayout layout;
  private BlobReaper reaper;
  private Journal journal;
  private WritePipeline pipe;
  private ObjectService objects;
  private VersionService versions;
  private Authenticator auth;

  /** The metadata store under test, opened for one test. */
  protected abstract MetadataStore newMetadata() throws Exception;

  /** The blob store under test, opened for one test. */
  protected abstract BlobStore newBlobs() throws Exception;

  /** Where tenants' blobs go; one shared space with a prefix per tenant by default. */
  protected TenancyLayout layout() {
    return new TenancyLayout.SharedPrefix("silo-versioning-shared");
  }

  @BeforeEach
  void open() throws Exception {
    metadata = newMetadata();
    blobs = newBlobs();
    layout = layout();
    reaper = new BlobReaper(metadata, blobs, clock);
    journal = new Journal(ids);
    pipe = WritePipeline.over(metadata, blobs, layout, reaper, journal, ids, clock);
    objects = new ObjectService(pipe);
    versions = new VersionService(pipe);
    auth = new Authenticator(metadata, new UrlSigner(new SigningKeys(new byte[32], List.of()), clock), OPERATOR_TOKEN, clock);
  }

  @AfterEach
  void close() throws Exception {
    if (metadata != null) {
      metadata.close();
    }
    if (blobs != null) {
      blobs.close();
    }
    afterStoresClosed();
  }

  /** Runs after both stores are closed: drops what {@link #newMetadata} made. */
  protected void afterStoresClosed() throws Exception {}

  /** Whether the blob of this object (version) is still in storage. */
  private boolean stored(RequestContext ctx, dev.silo.core.domain.ObjectInfo o) throws IOException {
    if (o.blob().inline()) { // a small object's bytes are a row of the metadata store
      return metadata.inTenant(ctx.tenant(), (TenantTx tx) -> tx.inline().get(o.blob()).isPresent());
    }
    return blobs.size(spaceOf(ctx), o.blob()).isPresent();
  }

  private StorageSpace spaceOf(RequestContext ctx) {
    return layout.spaceOf(metadata.inTenant(ctx.tenant(), (TenantTx tx) -> tx.tenant().get()));
  }

  @Test
  void aRestoreSharesABlobUntilItsLastVersionGoes() throws IOException {
    RequestContext acme = tenant("acme", Limits.DEFAULT);
    versions.configure(acme, null, Versioning.ENABLED, false, null);
    String big = "b".repeat(70_000); // over the inline limit: a blob in the blob store
    var first = put(acme, "big.bin", big).object();
    tick();
    var second = put(acme, "big.bin", big + "!").object();
    tick();
    var restored = versions.restore(acme, null, new ObjectKey("big.bin"), first.version().wire());
    assertThat(first.blob().inline()).isFalse();
    assertThat(restored.object().blob()).as("the restore shares v1's blob").isEqualTo(first.blob());
    assertThat(read(acme, "big.bin")).isEqualTo(big);
    versions.delete(acme, null, new ObjectKey("big.bin"), first.version().wire(), false);
    reaper.sweep(100);
    assertThat(stored(acme, first)).as("still shared by the restored version").isTrue();
    assertThat(read(acme, "big.bin")).isEqualTo(big);
    versions.delete(acme, null, new ObjectKey("big.bin"), restored.object().version().wire(), false);
    versions.delete(acme, null, new ObjectKey("big.bin"), second.version().wire(), false);
    reaper.sweep(100);
    assertThat(stored(acme, first)).as("gone with its last row").isFalse();
    assertThat(stored(acme, second)).isFalse();
    assertThat(usage(acme)).isEqualTo(Usage.ZERO);
  }

  /**
   * Past a common prefix a version listing reads a row or two from each table, not a batch: a page
   * of folders costs what its folders are, not what they hold. Counted through the stores' scans.
   */
  @Test
  void aDelimitedVersionListingReadsAFewRowsPerCommonPrefix() throws IOException {
    RequestContext acme = tenant("acme", Limits.DEFAULT);
    versions.configure(acme, null, Versioning.ENABLED, false, null);
    int folders = 12;
    for (int f = 0; f < folders; f++) {
      for (int k = 0; k < 30; k++) {
        put(acme, "d/f" + f + "/k" + k, "one");
        put(acme, "d/f" + f + "/k" + k, "two"); // a noncurrent version of each
      }
    }
    java.util.concurrent.atomic.AtomicLong rows = new java.util.concurrent.atomic.AtomicLong();
    VersionService counted = new VersionService(
        WritePipeline.over(countingScans(metadata, rows), blobs, layout, reaper, journal, ids, clock));
    var listing = counted.list(acme, null, "d/", "/", null, 100);
    assertThat(listing.prefixes()).hasSize(folders);
    assertThat(listing.versions()).isEmpty();
    assertThat(rows.get()).as("rows scanned for %d common prefixes", folders).isLessThanOrEqualTo(4L * folders);
  }

  /** {@code store}, counting every row its object and version scans return into {@code rows}. */
  private static MetadataStore countingScans(MetadataStore store, java.util.concurrent.atomic.AtomicLong rows) {
    return proxy(MetadataStore.class, store, (method, args) -> {
      if (method.getName().equals("readInTenant") || method.getName().equals("inTenant")) {
        MetadataStore.TenantWork<?> work = (MetadataStore.TenantWork<?>) args[1];
        args[1] = (MetadataStore.TenantWork<Object>) tx -> work.run(proxy(TenantTx.class, tx, (m, a) -> {
          if (m.getName().equals("objects") || m.getName().equals("versions")) {
            Object repository = m.invoke(tx, a);
            @SuppressWarnings("unchecked")
            Class<Object> type = (Class<Object>) m.getReturnType();
            return proxy(type, repository, (rm, ra) -> {
              Object result = rm.invoke(repository, ra);
              if (rm.getName().equals("scan") || rm.getName().equals("walk")) {
                rows.addAndGet(((List<?>) result).size());
              }
              return result;
            });
          }
          return m.invoke(tx, a);
        }));
      }
      return method.invoke(store, args);
    });
  }

  @FunctionalInterface
  private interface Call {
    Object call(java.lang.reflect.Method method, Object[] args) throws Exception;
  }

  private static <T> T proxy(Class<T> type, Object target, Call call) {
    return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
      try {
        return call.call(method, args);
      } catch (java.lang.reflect.InvocationTargetException e) {
        throw e.getCause();
      }
    }));
  }

  @Test
  void anOverwriteKeepsBothVersionsAndADeleteLeavesAMarkerThatARestoreUndoes() throws IOException {
    RequestContext acme = tenant("acme", Limits.DEFAULT);
    versions.configure(acme, null, Versioning.ENABLED, false, null);
    var first = put(acme, "a.txt", "one").object();
    String v1 = first.version().wire();
    tick();
    var second = put(acme, "a.txt", "two!").object();
    String v2 = second.version().wire();
    assertThat(v1).isNotEqualTo(v2).isNotEqualTo("null");

    assertThat(read(acme, "a.txt")).isEqualTo("two!");
    assertThat(readVersion(acme, "a.txt", v1)).isEqualTo("one");
    assertThat(readVersion(acme, "a.txt", v2)).isEqualTo("two!");
    assertThat(entries(versions.list(acme, null, "", null, null, 10)))
        .containsExactly("a.txt " + v2 + " latest", "a.txt " + v1);
    assertThat(usage(acme)).as("every version counts").isEqualTo(new Usage(7, 2));

    var deleted = objects.delete(acme, null, new ObjectKey("a.txt"), Conditions.NONE);
    assertThat(deleted.deleteMarker()).isTrue();
    String marker = deleted.marker().version().wire();
    List<String> events = metadata.inTenant(acme.tenant(), (TenantTx tx) -> tx.outbox().after(0, 100)).stream()
        .map(e -> e.payload()).toList();
    assertThat(events).anyMatch(e -> e.contains("\"type\":\"object.created\"") && e.contains("\"version_id\":\"" + v2 + "\"")
        && e.contains("\"delete_marker\":false"));
    assertThat(events.getLast()).contains("\"type\":\"object.deleted\"").contains("\"version_id\":\"" + marker + "\"")
        .contains("\"delete_marker\":true");
    assertThatThrownBy(() -> read(acme, "a.txt")).isInstanceOf(NotFoundException.class);
    assertThat(readVersion(acme, "a.txt", v2)).isEqualTo("two!");
    assertThat(entries(versions.list(acme, null, "", null, null, 10)))
        .containsExactly("a.txt " + marker + " latest marker", "a.txt " + v2, "a.txt " + v1);
    assertThat(objects.list(acme, null, "", null, null, 10, ListingFields.FULL).items()).isEmpty();

    tick();
    var restored = versions.restore(acme, null, new ObjectKey("a.txt"), v1);
    assertThat(restored.object().version().wire()).isNotIn(v1, v2, marker);
    assertThat(read(acme, "a.txt")).isEqualTo("one");
    assertThat(usage(acme)).isEqualTo(new Usage(10, 3));
    reaper.sweep(100);
    // v1 is small, so inline: the restore copies its bytes into a row of their own (blobs are
    // shared instead: aRestoreSharesABlobUntilItsLastVersionGoes)
    assertThat(restored.object().blob()).as("an inline restore has its own copy").isNotEqualTo(first.blob());
    assertThat(stored(acme, first)).isTrue();
    assertThat(stored(acme, second)).isTrue();

    // deleting every version for good frees everything
    for (String v : List.of(v1, restored.object().version().wire(), marker, v2)) {
      versions.delete(acme, null, new ObjectKey("a.txt"), v, false);
      reaper.sweep(100);
    }
    assertThat(usage(acme)).isEqualTo(Usage.ZERO);
    assertThat(stored(acme, first)).isFalse();
    assertThat(stored(acme, second)).isFalse();
    assertThat(versions.list(acme, null, "", null, null, 10).versions()).isEmpty();
  }

  @Test
  void deletingTheCurrentVersionForGoodMakesThePreviousOneCurrent() throws IOException {
    RequestContext acme = tenant("acme", Limits.DEFAULT);
    versions.configure(acme, null, Versioning.ENABLED, false, null);
    put(acme, "k", "old");
    tick();
    String v2 = put(acme, "k", "new").object().version().wire();
    ObjectVersion gone = versions.delete(acme, null, new ObjectKey("k"), v2, false);
    assertThat(gone.deleteMarker()).isFalse();
    assertThat(read(acme, "k")).isEqualTo("old");
    assertThat(usage(acme)).isEqualTo(new Usage(3, 1));
    assertThatThrownBy(() -> versions.info(acme, null, new ObjectKey("k"), v2)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void suspendedVersioningOverwritesTheNullVersionInPlaceAndKeepsTheOthers() throws IOException {
    RequestContext acme = tenant("acme", Limits.DEFAULT);
    var legacy = put(acme, "k", "legacy").object(); // written while off: the null version
    versions.configure(acme, null, Versioning.ENABLED, false, null);
    tick();
    var first = put(acme, "k", "v1").object();
    String v1 = first.version().wire();
    versions.configure(acme, null, Versioning.SUSPENDED, false, null);
    tick();
    var b = put(acme, "k", "b").object();
    assertThat(b.version().wire()).isEqualTo("null");
    tick();
    var cc = put(acme, "k", "cc").object();
    assertThat(entries(versions.list(acme, null, "", null, null, 10)))
        .as("the null version written before versioning was replaced by the suspended writes")
        .containsExactly("k null latest", "k " + v1);
    assertThat(readVersion(acme, "k", "null")).isEqualTo("cc");
    assertThat(usage(acme)).isEqualTo(new Usage(4, 2));
    reaper.sweep(100);
    assertThat(stored(acme, legacy)).isFalse();
    assertThat(stored(acme, b)).isFalse();
    assertThat(stored(acme, first)).isTrue();
    assertThat(stored(acme, cc)).isTrue();

    var deleted = objects.delete(acme, null, new ObjectKey("k"), Conditions.NONE);
    assertThat(deleted.marker().version().wire()).isEqualTo("null");
    assertThat(entries(versions.list(acme, null, "", null, null, 10)))
        .containsExactly("k null latest marker", "k " + v1);
    assertThat(usage(acme)).isEqualTo(new Usage(2, 1));
    assertThatThrownBy(() -> versions.configure(acme, null, Versioning.OFF, false, null))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void everyVersionCountsAgainstTheQuota() throws IOException {
    RequestContext small = tenant("small", new Limits(100L, 2L, null, 1, List.of()));
    versions.configure(small, null, Versioning.ENABLED, false, null);
    put(small, "k", "1");
    put(small, "k", "2");
    assertThatThrownBy(() -> put(small, "k", "3")).isInstanceOf(PayloadTooLargeException.class);
    RequestContext tight = tenant("tight", new Limits(10L, null, null, 1, List.of()));
    versions.configure(tight, null, Versioning.ENABLED, false, null);
    put(tight, "k", "123456");
    assertThatThrownBy(() -> put(tight, "k", "123456"))
        .as("the old version is not freed by an overwrite").isInstanceOf(PayloadTooLargeException.class);
  }

  @Test
  void listingPagesThroughVersionsAndCommonPrefixes() throws IOException {
    RequestContext acme = tenant("acme", Limits.DEFAULT);
    versions.configure(acme, null, Versioning.ENABLED, false, null);
    for (String key : List.of("a", "b/1", "b/2", "c")) {
      for (int i = 0; i < 3; i++) {
        put(acme, key, key + i);
        tick();
      }
    }
    objects.delete(acme, null, new ObjectKey("c"), Conditions.NONE);
    List<String> all = new ArrayList<>();
    String cursor = null;
    do {
      VersionListing page = versions.list(acme, null, "", null, cursor, 2);
      all.addAll(entries(page).stream().map(e -> e.split(" ")[0] + (e.contains("latest") ? "*" : "")).toList());
      cursor = page.nextCursor();
    } while (cursor != null);
    assertThat(all).containsExactly("a*", "a", "a", "b/1*", "b/1", "b/1", "b/2*", "b/2", "b/2", "c*", "c", "c", "c");
    VersionListing delimited = versions.list(acme, null, "", "/", null, 4);
    assertThat(delimited.prefixes()).containsExactly("b/");
    assertThat(delimited.versions()).hasSize(3);
    assertThat(delimited.nextCursor()).isNotNull();
    VersionListing rest = versions.list(acme, null, "", "/", delimited.nextCursor(), 10);
    assertThat(rest.versions()).extracting(v -> v.object().key().value()).containsOnly("c");
    assertThat(rest.versions()).hasSize(4);
  }

  @Test
  void theSweeperExpiresNoncurrentVersionsAndOrphanMarkers() throws IOException {
    RequestContext acme = tenant("acme", Limits.DEFAULT);
    versions.configure(acme, null, Versioning.ENABLED, true, 30);
    var old = put(acme, "kept", "old").object();
    var current = put(acme, "kept", "new").object();
    var x = put(acme, "gone", "x").object();
    objects.delete(acme, null, new ObjectKey("gone"), Conditions.NONE);
    LifecycleSweeper sweeper = sweeper();
    assertThat(sweeper.expireNoncurrentVersions(100)).as("nothing is old enough").isZero();
    clock.now = clock.now.plus(Duration.ofDays(31));
    assertThat(sweeper.expireNoncurrentVersions(100)).isEqualTo(3); // kept's old, gone's x, then gone's marker
    assertThat(entries(versions.list(acme, null, "", null, null, 10))).hasSize(1).allMatch(e -> e.startsWith("kept "));
    assertThat(read(acme, "kept")).isEqualTo("new");
    assertThat(usage(acme)).isEqualTo(new Usage(3, 1));
    reaper.sweep(100);
    assertThat(stored(acme, old)).isFalse();
    assertThat(stored(acme, x)).isFalse();
    assertThat(stored(acme, current)).isTrue();
  }

  /**
   * A rule's expiration deletes the current versions under its prefix once S3 would (the midnight
   * UTC after their last change plus the days), as a DELETE does; a disabled rule, another prefix,
   * another tenant's bucket of the same rules are left alone.
   */
  @Test
  void aRuleExpiresObjectsUnderItsPrefixAtTheMidnightAfterTheirDays() throws IOException {
    RequestContext acme = tenant("acme", Limits.DEFAULT);
    RequestContext other = tenant("other", Limits.DEFAULT);
    var logs = put(acme, "logs/a", "aaa").object();
    put(acme, "logs/b", "bb");
    put(acme, "keep/c", "c");
    put(other, "logs/a", "theirs");
    buckets().setLifecycle(acme, new BucketName("acme"), new Lifecycle(List.of(
        new LifecycleRule("logs", true, "logs/", 1, null, false, null, null),
        new LifecycleRule("paused", false, "keep/", 1, null, false, null, null))));
    LifecycleSweeper sweeper = sweeper();
    clock.now = Instant.parse("2026-12-03T23:59:59Z"); // a day and a half after 12:00 on the 2nd
    assertThat(sweeper.expireObjects(100)).as("not before the midnight after a day").isZero();
    clock.now = Instant.parse("2026-12-04T00:00:01Z");
    assertThat(sweeper.expireObjects(100)).isEqualTo(2);
    assertThatThrownBy(() -> read(acme, "logs/a")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> read(acme, "logs/b")).isInstanceOf(NotFoundException.class);
    assertThat(read(acme, "keep/c")).as("a disabled rule").isEqualTo("c");
    assertThat(read(other, "logs/a")).as("another tenant's key").isEqualTo("theirs");
    assertThat(usage(acme)).isEqualTo(new Usage(1, 1));
    assertThat(entries(versions.list(acme, null, "", null, null, 10))).as("unversioned: nothing kept").hasSize(1);
    reaper.sweep(100);
    assertThat(stored(acme, logs)).isFalse();
    assertThat(sweeper.expireObjects(100)).isZero();
  }

  /**
   * In a versioned bucket a rule's expiration leaves the object noncurrent under a delete marker;
   * its noncurrent days then delete that version for good, and the marker, all that is left of
   * the key, goes too. A date rule expires everything under its prefix once the date has come.
   */
  @Test
  void inAVersionedBucketRulesExpireThenRemoveVersionsAndMarkers() throws IOException {
    RequestContext acme = tenant("acme", Limits.DEFAULT);
    versions.configure(acme, null, Versioning.ENABLED, false, null);
    var tmp = put(acme, "tmp/x", "xx").object();
    var kept = put(acme, "docs/y", "yy").object();
    put(acme, "dated/z", "z");
    buckets().setLifecycle(acme, new BucketName("acme"), new Lifecycle(List.of(
        new LifecycleRule("tmp", true, "tmp/", 2, null, false, 3, null),
        new LifecycleRule("dated", true, "dated/", null, java.time.LocalDate.parse("2026-12-10"), false, null, null))));
    LifecycleSweeper sweeper = sweeper();
    clock.now = Instant.parse("2026-12-05T00:00:01Z");
    assertThat(sweeper.expireObjects(100)).isEqualTo(1);
    assertThatThrownBy(() -> read(acme, "tmp/x")).isInstanceOf(NotFoundException.class);
    assertThat(readVersion(acme, "tmp/x", tmp.version().wire())).as("kept as a noncurrent version").isEqualTo("xx");
    assertThat(sweeper.expireNoncurrentVersions(100)).as("noncurrent since today, not three days").isZero();
    clock.now = Instant.parse("2026-12-08T23:59:59Z");
    assertThat(sweeper.expireNoncurrentVersions(100)).as("three days are up at the midnight after").isZero();
    clock.now = Instant.parse("2026-12-09T00:00:01Z");
    assertThat(sweeper.expireNoncurrentVersions(100)).isEqualTo(2); // the version, then its orphaned marker
    assertThat(entries(versions.list(acme, null, "tmp/", null, null, 10))).isEmpty();
    assertThat(sweeper.expireObjects(100)).as("the date has not come").isZero();
    clock.now = Instant.parse("2026-12-10T00:00:00Z");
    assertThat(sweeper.expireObjects(100)).isEqualTo(1);
    assertThatThrownBy(() -> read(acme, "dated/z")).isInstanceOf(NotFoundException.class);
    assertThat(read(acme, "docs/y")).isEqualTo("yy");
    reaper.sweep(100);
    assertThat(stored(acme, tmp)).isFalse();
    assertThat(stored(acme, kept)).isTrue();
    assertThat(usage(acme)).as("docs/y and dated/z's noncurrent version").isEqualTo(new Usage(3, 2));
  }

  /**
   * A rule reads a bounded walk of its keys a pass and goes on from there the next pass: the old
   * objects behind many young ones are reached, {@code limit} at a time, and the walk starts over.
   * Each pass here is a sweeper of its own, as after a restart or on another node: where the walk
   * stopped is kept with the bucket. New rules walk from the first key.
   */
  @Test
  void aRuleWalksItsKeysAFewAPassAndGoesOnAfterARestart() throws IOException {
    RequestContext acme = tenant("acme", Limits.DEFAULT);
    for (int i = 0; i < 5; i++) {
      put(acme, "z" + i, "old");
    }
    clock.now = clock.now.plus(Duration.ofDays(10));
    for (int i = 0; i < 25; i++) {
      put(acme, String.format("a%02d", i), "young");
    }
    BucketName bucket = new BucketName("acme");
    buckets().setLifecycle(acme, bucket, new Lifecycle(List.of(new LifecycleRule("all", true, "", 5, null, false, null, null))));
    clock.now = clock.now.plus(Duration.ofDays(1));
    int limit = 2; // a pass reads 10 x 2 keys
    assertThat(sweeper().expireObjects(limit)).as("a00-a19: young").isZero();
    assertThat(sweeper().expireObjects(limit)).as("a20-a24, then z0 and z1").isEqualTo(2);
    assertThat(sweeper().expireObjects(limit)).as("z2, z3").isEqualTo(2);

    // new rules: their walk starts from the first key, so z4 waits for a00-a19 to be read again
    buckets().setLifecycle(acme, bucket, new Lifecycle(List.of(new LifecycleRule("again", true, "", 5, null, false, null, null))));
    assertThat(sweeper().expireObjects(limit)).as("a00-a19, from the start").isZero();
    assertThat(sweeper().expireObjects(limit)).as("z4, and the end").isEqualTo(1);
    assertThat(sweeper().expireObjects(limit)).as("from the start again: nothing old is left").isZero();
    assertThat(usage(acme)).isEqualTo(new Usage(25 * 5, 25));
  }

  /** Noncurrent versions are walked a stretch a pass too, and a restart goes on where the last pass stopped. */
  @Test
  void noncurrentVersionsAreWalkedAFewAPassAcrossRestarts() throws IOException {
    RequestContext acme = tenant("acme", Limits.DEFAULT);
    BucketName bucket = new BucketName("acme");
    versions.configure(acme, bucket, Versioning.ENABLED, false, null);
    put(acme, "z", "old");
    put(acme, "z", "new"); // z's first version is noncurrent from now
    clock.now = clock.now.plus(Duration.ofDays(3));
    for (int i = 0; i < 25; i++) {
      put(acme, String.format("a%02d", i), "first");
      put(acme, String.format("a%02d", i), "second"); // a young noncurrent version each, before z's in the walk
    }
    buckets().setLifecycle(acme, bucket, new Lifecycle(List.of(LifecycleRule.noncurrent("old", 1))));
    int limit = 1; // a pass reads 10 rows of the version listing
    assertThat(sweeper().expireNoncurrentVersions(limit)).as("a00-a09").isZero();
    assertThat(sweeper().expireNoncurrentVersions(limit)).as("a10-a19").isZero();
    assertThat(sweeper().expireNoncurrentVersions(limit)).as("a20-a24, then z's old version").isEqualTo(1);
    assertThat(entries(versions.list(acme, bucket, "z", null, null, 10))).hasSize(1);
  }

  /** {@code noncurrent_days} is the rule {@value Lifecycle#NONCURRENT_DAYS}: set beside others, cleared alone. */
  @Test
  void noncurrentDaysIsOneRuleAmongTheOthers() throws IOException {
    RequestContext acme = tenant("acme", Limits.DEFAULT);
    LifecycleRule logs = new LifecycleRule("logs", true, "logs/", 30, null, false, null, null);
    buckets().setLifecycle(acme, new BucketName("acme"), new Lifecycle(List.of(logs)));
    var b = versions.configure(acme, null, Versioning.ENABLED, true, 9);
    assertThat(b.noncurrentDays()).isEqualTo(9);
    assertThat(b.lifecycle().rules()).containsExactly(logs, LifecycleRule.noncurrent(Lifecycle.NONCURRENT_DAYS, 9));
    b = versions.configure(acme, null, null, true, null);
    assertThat(b.noncurrentDays()).isNull();
    assertThat(b.lifecycle().rules()).containsExactly(logs);
    assertThat(buckets().setLifecycle(acme, new BucketName("acme"), Lifecycle.NONE).lifecycle().isEmpty()).isTrue();
  }

  /**
   * S3 Object Lock: a version under a retention or a legal hold is not deleted for good by anyone
   * (a GOVERNANCE retention yields to a bypass), nor by a lifecycle rule, until the lock lets go; a
   * delete without a version id still hides it under a marker. A retention is lengthened, never
   * shortened in COMPLIANCE; the bucket's default retention dates new versions; its versioning
   * stays enabled; a bucket without object lock refuses a lock.
   */
  @Test
  void objectLockKeepsAVersionUntilItsLockLetsGo() throws IOException {
    RequestContext acme = tenant("acme", new Limits(null, null, null, 2, List.of()));
    BucketName vault = new BucketName("vault");
    ObjectKey key = new ObjectKey("ledger.csv");
    buckets().create(acme, vault, true);
    assertThat(buckets().get(acme, vault).versioning()).isEqualTo(Versioning.ENABLED);
    assertThat(buckets().get(acme, vault).objectLock()).isEqualTo(ObjectLock.Configuration.ENABLED);
    assertThatThrownBy(() -> versions.configure(acme, vault, Versioning.SUSPENDED, false, null))
        .isInstanceOf(dev.silo.core.error.ConflictException.class);

    Instant until = Instant.parse("2026-12-03T12:00:00Z");
    var locked = objects.put(acme, new PutRequest(vault, key, "text/csv", 3L, null, null, Map.of(), null)
        .withLock(new ObjectLock(ObjectLock.Mode.COMPLIANCE, until, false)), new ByteArrayInputStream("a,b".getBytes())).object();
    String v1 = locked.version().wire();
    assertThat(versions.version(acme, vault, key, null).object().lock().retainUntil()).isEqualTo(until);
    assertThatThrownBy(() -> versions.delete(acme, vault, key, v1, true))
        .as("the current version, under COMPLIANCE, even with the bypass").isInstanceOf(ForbiddenException.class);
    objects.delete(acme, vault, key, Conditions.NONE); // a marker over it: allowed
    assertThatThrownBy(() -> versions.delete(acme, vault, key, v1, false)).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> versions.setRetention(acme, vault, key, v1, ObjectLock.Mode.COMPLIANCE, until.minusSeconds(60), true))
        .as("shortened").isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> versions.setRetention(acme, vault, key, v1, ObjectLock.Mode.GOVERNANCE, until, true))
        .as("made GOVERNANCE").isInstanceOf(ForbiddenException.class);
    Instant later = until.plus(Duration.ofDays(1));
    versions.setRetention(acme, vault, key, v1, ObjectLock.Mode.COMPLIANCE, later, false);
    versions.setLegalHold(acme, vault, key, v1, true);

    // a rule expiring noncurrent versions after a day passes it by while it is locked
    buckets().setLifecycle(acme, vault, new Lifecycle(List.of(LifecycleRule.noncurrent("old", 1))));
    clock.now = Instant.parse("2026-12-04T13:00:00Z"); // past the rule's day and the retention: the hold remains
    sweeper().expireNoncurrentVersions(100);
    assertThat(versions.find(acme, vault, key, v1).deleteMarker()).isFalse();
    assertThatThrownBy(() -> versions.delete(acme, vault, key, v1, true)).as("under a legal hold").isInstanceOf(ForbiddenException.class);
    versions.setLegalHold(acme, vault, key, v1, false);
    sweeper().expireNoncurrentVersions(100);
    assertThatThrownBy(() -> versions.find(acme, vault, key, v1)).as("expired once free").isInstanceOf(NotFoundException.class);

    // GOVERNANCE yields to a bypass; the bucket's default retention dates a version asked without one
    buckets().setObjectLock(acme, vault, new ObjectLock.Configuration(ObjectLock.Mode.GOVERNANCE, 3, null));
    var governed = objects.put(acme, new PutRequest(vault, new ObjectKey("g.txt"), "text/plain", 1L, null, null, Map.of(), null),
        new ByteArrayInputStream("g".getBytes())).object();
    assertThat(governed.lock()).isEqualTo(new ObjectLock(ObjectLock.Mode.GOVERNANCE, clock.instant().plus(Duration.ofDays(3)), false));
    assertThatThrownBy(() -> versions.delete(acme, vault, governed.key(), governed.version().wire(), false))
        .isInstanceOf(ForbiddenException.class);
    versions.delete(acme, vault, governed.key(), governed.version().wire(), true);
    assertThatThrownBy(() -> buckets().delete(acme, vault, true)).as("not forced away").isInstanceOf(dev.silo.core.error.ConflictException.class);

    assertThatThrownBy(() -> objects.put(acme, new PutRequest(null, key, "text/plain", 1L, null, null, Map.of(), null)
            .withLock(new ObjectLock(null, null, true)), new ByteArrayInputStream("x".getBytes())))
        .as("a bucket without object lock").isInstanceOf(InvalidInputException.class);
  }

  private BucketService buckets() {
    return new BucketService(metadata, layout, reaper, journal, clock, List.of());
  }

  private LifecycleSweeper sweeper() {
    return new LifecycleSweeper(metadata, layout, reaper, journal, t -> auth.system(t, "lifecycle"), clock,
        new LifecycleSweeper.Settings(Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(7), null, Duration.ofHours(1)),
        pipe.versions());
  }

  /** Concurrent overwrites and deletes of one key lose no version and count each once. */
  @Test
  void concurrentWritesToOneKeyKeepEveryVersion() throws Exception {
    RequestContext acme = tenant("acme", Limits.DEFAULT);
    versions.configure(acme, null, Versioning.ENABLED, false, null);
    put(acme, "k", "first");
    var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 6; w++) {
        int worker = w;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 5; i++) {
            if (worker == 0 && i % 2 == 1) {
              objects.delete(acme, null, new ObjectKey("k"), Conditions.NONE);
            } else {
              put(acme, "k", "w" + worker + "-" + i);
            }
          }
          return null;
        }));
      }
      for (var f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    List<ObjectVersion> all = new ArrayList<>();
    String cursor = null;
    do {
      VersionListing page = versions.list(acme, null, "", null, cursor, 1000);
      all.addAll(page.versions());
      cursor = page.nextCursor();
    } while (cursor != null);
    long kept = all.stream().filter(v -> !v.deleteMarker()).count();
    assertThat(kept).as("the first write and 28 overwrites").isEqualTo(29);
    assertThat(all.stream().filter(ObjectVersion::latest)).hasSize(1);
    assertThat(all.stream().map(ObjectVersion::versionId).distinct()).hasSize(all.size());
    assertThat(usage(acme).objects()).isEqualTo(29);
  }

  @Test
  void anotherTenantsVersionIdsAreNotFound() throws IOException {
    RequestContext a = tenant("tenant-a", Limits.DEFAULT);
    RequestContext b = tenant("tenant-b", Limits.DEFAULT);
    versions.configure(a, null, Versioning.ENABLED, false, null);
    versions.configure(b, null, Versioning.ENABLED, false, null);
    String mine = put(a, "secret.txt", "secret").object().version().wire();
    put(b, "secret.txt", "other");
    ObjectKey key = new ObjectKey("secret.txt");
    assertThatThrownBy(() -> versions.find(b, null, key, mine)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> versions.read(b, null, key, mine, null, Conditions.NONE, true)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> versions.delete(b, null, key, mine, false)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> versions.restore(b, null, key, mine)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> versions.find(b, null, key, "../etc")).isInstanceOf(NotFoundException.class);
    assertThat(readVersion(a, "secret.txt", mine)).isEqualTo("secret");
  }

  // ---------------------------------------------------------------- helpers

  private void tick() {
    clock.now = clock.now.plusMillis(5);
  }

  private static List<String> entries(VersionListing page) {
    return page.versions().stream()
        .map(v -> v.object().key().value() + " " + v.versionId() + (v.latest() ? " latest" : "") + (v.deleteMarker() ? " marker" : ""))
        .toList();
  }

  private dev.silo.core.object.PutResult put(RequestContext ctx, String key, String text) {
    return objects.put(ctx, new PutRequest(null, new ObjectKey(key), "text/plain", (long) text.length(), null, null, Map.of(), null),
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A tenant made as the operator's API would (its storage provisioned, its default bucket), acted
   * for by a system context: the contract is about versions, not credentials.
   */
  private RequestContext tenant(String slug, Limits limits) throws IOException {
    Tenant t = new Tenant(ids.tenantId(), new TenantSlug(slug), slug, TenantStatus.ACTIVE, limits, clock.instant(), clock.instant());
    blobs.provision(layout.spaceOf(t));
    metadata.global(tx -> {
      tx.tenants().insert(t);
      return null;
    });
    metadata.inTenant(t.id(), tx -> {
      tx.buckets().insert(new BucketName(slug), clock.instant());
      return null;
    });
    return auth.system(t.id(), "versioning-contract");
  }

  private Usage usage(RequestContext ctx) {
    return metadata.inTenant(ctx.tenant(), (TenantTx tx) -> tx.tenant().usage());
  }

  private String read(RequestContext ctx, String key) throws IOException {
    return text(objects.read(ctx, null, new ObjectKey(key), null, Conditions.NONE, true));
  }

  private String readVersion(RequestContext ctx, String key, String version) throws IOException {
    return text(versions.read(ctx, null, new ObjectKey(key), version, null, Conditions.NONE, true));
  }

  private static String text(ReadResult r) throws IOException {
    try (InputStream in = ((ReadResult.Content) r).body()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
