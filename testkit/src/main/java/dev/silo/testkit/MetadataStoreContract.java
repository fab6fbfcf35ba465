package dev.silo.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.silo.core.audit.AuditRecord;
import dev.silo.core.audit.Event;
import dev.silo.core.domain.ListingFields;
import dev.silo.core.domain.Acl;
import dev.silo.core.domain.ApiKey;
import dev.silo.core.domain.ApiKeyId;
import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.Bucket;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ChecksumAlgorithm;
import dev.silo.core.domain.Checksum;
import dev.silo.core.domain.CommonPrefix;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectLock;
import dev.silo.core.domain.ObjectStatus;
import dev.silo.core.domain.S3Credential;
import dev.silo.core.domain.Scope;
import dev.silo.core.domain.StandardHeaders;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.SystemFacts;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.TenantStatus;
import dev.silo.core.domain.Usage;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.multipart.MultipartUpload;
import dev.silo.core.domain.LifecycleRule;
import dev.silo.core.domain.ObjectTags;
import dev.silo.core.spi.MultipartBlobs;
import dev.silo.core.spi.ResumableRepository;
import dev.silo.core.upload.resumable.ResumablePart;
import dev.silo.core.upload.resumable.ResumableUpload;
import dev.silo.core.multipart.UploadedPart;
import dev.silo.core.spi.CleanupRepository;
import dev.silo.core.spi.ApiKeyLookup;
import dev.silo.core.spi.CredentialWatch;
import dev.silo.core.spi.DuplicateException;
import dev.silo.core.spi.GlobalTx;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.spi.ObjectRepository;
import dev.silo.core.spi.S3CredentialRepository;
import dev.silo.core.spi.TenantRepository;
import dev.silo.core.spi.TenantTx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link MetadataStore} must show. An implementation's test extends this class
 * and says how to build an empty store; {@link #afterStoreClosed} may then drop what it made.
 *
 * <p>Beyond the interface's own documentation, the suite holds stores to: a {@link
 * DuplicateException} from an insert leaves the transaction usable; keys, bucket names and slugs
 * sort by their UTF-8 bytes whatever the database's locale; a quota checked with {@code
 * tenant().usage()} and then raised with {@code addUsage} in one unit of work is exact under
 * concurrency.
 */
public abstract class MetadataStoreContract {
  /** Exact to the millisecond, as the service hands times to the store. */
  protected static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123Z");

  private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";

  private final Random random = new Random();

  protected MetadataStore store;

  /**
   * Whether the store hears every commit that takes a credential's authority away, every
   * process's: true where only this process writes the database; a store that other nodes write
   * too never says it hears ({@link MetadataStore#watchCredentials}).
   */
  protected boolean hearsEveryCredentialChange() {
    return true;
  }

  /** A new, empty, migrated store, private to the test that calls it. */
  protected abstract MetadataStore newStore() throws Exception;

  /** Runs after the store is closed; drops a database or schema that {@link #newStore} made. */
  protected void afterStoreClosed() throws Exception {}

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() throws Exception {
    try {
      if (store != null) {
        store.close();
      }
    } finally {
      afterStoreClosed();
    }
  }

  // ---- tenants --------------------------------------------------------------------------------

  @Test
  void tenantsAreCreatedFoundUpdatedListedAndDeleted() {
    Tenant zeta = newTenant("zeta-corp");
    Tenant acme = newTenant("acme");
    Tenant limited =
        new Tenant(newTenantId(), new TenantSlug("acme-2"), "Limited \"Ltd\" é",
            TenantStatus.ACTIVE,
            new Limits(1_000L, 10L, 100L, 3, List.of("image/*", "text/csv")), T0, T0);
    global(tx -> {
      tx.tenants().insert(zeta);
      tx.tenants().insert(acme);
      tx.tenants().insert(limited);
    });

    assertThat(store.global((GlobalTx tx) -> tx.tenants().find(limited.id()))).contains(limited);
    assertThat(store.global((GlobalTx tx) -> tx.tenants().findBySlug(acme.slug()))).contains(acme);
    assertThat(store.global((GlobalTx tx) -> tx.tenants().findBySlug(new TenantSlug("nobody"))))
        .isEmpty();
    assertThat(store.global((GlobalTx tx) -> tx.tenants().list()))
        .extracting(t -> t.slug().value())
        .containsExactly("acme", "acme-2", "zeta-corp");
    assertThat(store.global((GlobalTx tx) -> tx.tenants().usage(acme.id()))).isEqualTo(Usage.ZERO);
    // the operator's list: each tenant with its usage and its unfinished uploads' bytes, in slug order
    inTenant(limited.id(), tx -> {
      tx.tenant().addUsage(70, 3);
      tx.tenant().reserve("mpu_a", 20, T0);
      tx.tenant().reserve("mpu_b", 5, T0);
    });
    assertThat(store.global((GlobalTx tx) -> tx.tenants().listWithUsage(null, null, 10)))
        .containsExactly(
            new TenantRepository.Listed(acme, Usage.ZERO, 0),
            new TenantRepository.Listed(limited, new Usage(70, 3), 25),
            new TenantRepository.Listed(zeta, Usage.ZERO, 0));
    // pages in slug order from just past their cursor, under a prefix when one is given
    assertThat(slugs(null, null, 2)).containsExactly("acme", "acme-2");
    assertThat(slugs(null, "acme-2", 2)).containsExactly("zeta-corp");
    assertThat(slugs(null, "zeta-corp", 2)).isEmpty();
    assertThat(slugs("acme", null, 10)).containsExactly("acme", "acme-2");
    assertThat(slugs("acme-", null, 10)).containsExactly("acme-2");
    assertThat(slugs("acme", "acme", 10)).containsExactly("acme-2");
    assertThat(slugs("acme", "b", 10)).isEmpty();
    assertThat(slugs("zz", null, 10)).isEmpty();
    // slugs by id, for a page of the audit log: only those that exist
    assertThat(store.global((GlobalTx tx) -> tx.tenants().slugs(List.of(acme.id(), limited.id(), new TenantId("nobody")))))
        .isEqualTo(Map.of(acme.id(), acme.slug(), limited.id(), limited.slug()));
    assertThat(store.global((GlobalTx tx) -> tx.tenants().slugs(List.of()))).isEmpty();

    Tenant changed =
        new Tenant(acme.id(), acme.slug(), "Acme Renamed", TenantStatus.SUSPENDED,
            new Limits(5L, null, 7L, 2, List.of("application/json")), acme.createdAt(),
            T0.plusSeconds(60));
    global(tx -> tx.tenants().update(changed));
    assertThat(store.global((GlobalTx tx) -> tx.tenants().find(acme.id()))).contains(changed);
    assertThat(store.inTenant(acme.id(), (TenantTx tx) -> tx.tenant().get())).isEqualTo(changed);

    global(tx -> tx.tenants().delete(zeta.id()));
    assertThat(store.global((GlobalTx tx) -> tx.tenants().find(zeta.id()))).isEmpty();
    assertThat(store.global((GlobalTx tx) -> tx.tenants().list())).hasSize(2);
  }

  private List<String> slugs(String prefix, String after, int limit) {
    return store.global((GlobalTx tx) -> tx.tenants().listWithUsage(prefix, after, limit)).stream()
        .map(l -> l.tenant().slug().value())
        .toList();
  }

  @Test
  void tenantDataKeysAreKeptWrappedPerTenantRewrappedAndDeletedWithTheTenant() {
    Tenant a = newTenant("keys-a");
    Tenant b = newTenant("keys-b");
    global(tx -> {
      tx.tenants().insert(a);
      tx.tenants().insert(b);
    });
    dev.silo.core.domain.TenantKey v1 = new dev.silo.core.domain.TenantKey(1, new byte[] {1, 2, 3}, 1, T0);
    dev.silo.core.domain.TenantKey v2 = new dev.silo.core.domain.TenantKey(2, new byte[] {4, 5}, 1, T0.plusSeconds(1));
    store.inTenant(a.id(), (TenantTx tx) -> {
      tx.dataKeys().insert(v2);
      tx.dataKeys().insert(v1);
      return null;
    });
    assertThatThrownBy(() -> store.inTenant(a.id(), (TenantTx tx) -> {
      tx.dataKeys().insert(new dev.silo.core.domain.TenantKey(1, new byte[] {9}, 1, T0));
      return null;
    })).isInstanceOf(dev.silo.core.spi.DuplicateException.class);
    assertThat(store.inTenant(a.id(), (TenantTx tx) -> tx.dataKeys().list()))
        .extracting(dev.silo.core.domain.TenantKey::version, k -> k.wrapped().length, dev.silo.core.domain.TenantKey::masterVersion)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 3, 1), org.assertj.core.groups.Tuple.tuple(2, 2, 1));
    assertThat(store.inTenant(b.id(), (TenantTx tx) -> tx.dataKeys().list())).as("another tenant's keys").isEmpty();

    store.inTenant(a.id(), (TenantTx tx) -> {
      tx.dataKeys().rewrap(1, new byte[] {7, 7, 7, 7}, 2);
      return null;
    });
    dev.silo.core.domain.TenantKey rewrapped = store.inTenant(a.id(), (TenantTx tx) -> tx.dataKeys().list()).getFirst();
    assertThat(rewrapped.wrapped()).containsExactly(7, 7, 7, 7);
    assertThat(rewrapped.masterVersion()).isEqualTo(2);
    assertThat(rewrapped.createdAt()).isEqualTo(T0);

    global(tx -> tx.tenants().delete(a.id()));
    assertThat(store.inTenant(a.id(), (TenantTx tx) -> tx.dataKeys().list())).as("shredded with the tenant").isEmpty();
  }

  @Test
  void aSlugBelongsToOneTenantAndADuplicateLeavesTheTransactionUsable() {
    Tenant first = newTenant("taken");
    Tenant second = newTenant("taken");
    Tenant third = newTenant("free");
    global(
        tx -> {
          tx.tenants().insert(first);
          assertThatThrownBy(() -> tx.tenants().insert(second))
              .isInstanceOf(DuplicateException.class);
          tx.tenants().insert(third);
        });

    assertThat(store.global((GlobalTx tx) -> tx.tenants().findBySlug(first.slug())))
        .contains(first);
    assertThat(store.global((GlobalTx tx) -> tx.tenants().find(second.id()))).isEmpty();
    assertThat(store.global((GlobalTx tx) -> tx.tenants().find(third.id()))).contains(third);
    assertThatThrownBy(() -> global(tx -> tx.tenants().insert(second)))
        .isInstanceOf(DuplicateException.class);
  }

  @Test
  void aMissingTenantIsNotFound() {
    TenantId ghost = newTenantId();
    Throwable thrown = catchThrowable(() ->
            store.inTenant(ghost, (TenantTx tx) -> tx.tenant().get()));
    assertThat(thrown).isInstanceOf(NotFoundException.class);
    assertThat(((NotFoundException) thrown).code()).isEqualTo("tenant_not_found");
    assertThat(store.global((GlobalTx tx) -> tx.tenants().find(ghost))).isEmpty();
  }

  @Test
  void usageCountersAddUp() {
    TenantId t = createTenant();
    inTenant(t, tx -> tx.tenant().addUsage(100, 2));
    inTenant(t, tx -> tx.tenant().addUsage(-30, -1));
    inTenant(t, tx -> tx.tenant().addUsage(5, 0));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.tenant().usage())).isEqualTo(new Usage(75, 1));
    assertThat(store.global((GlobalTx tx) -> tx.tenants().usage(t))).isEqualTo(new Usage(75, 1));
  }

  @Test
  void aTransactionReadsItsOwnWritesOfTheTenantAndItsBuckets() {
    TenantId t = createTenant();
    BucketName b = new BucketName("own-writes");
    store.inTenant(
        t,
        (TenantTx tx) -> {
          Tenant before = tx.tenant().get();
          Usage usage = tx.tenant().usage();
          tx.tenant().addUsage(40, 2);
          assertThat(tx.tenant().usage()).isEqualTo(new Usage(usage.bytes() + 40, usage.objects() + 2));
          tx.tenant().addUsage(-10, -1);
          assertThat(tx.tenant().usage()).isEqualTo(new Usage(usage.bytes() + 30, usage.objects() + 1));
          assertThat(tx.tenant().get()).isEqualTo(before);

          assertThat(tx.buckets().exists(b)).isFalse();
          tx.buckets().insert(b, T0);
          assertThat(tx.buckets().exists(b)).as("a bucket made in the transaction").isTrue();
          assertThat(tx.buckets().find(b).orElseThrow().versioning()).isEqualTo(dev.silo.core.domain.Versioning.OFF);
          tx.buckets().setVersioning(b, dev.silo.core.domain.Versioning.ENABLED);
          assertThat(tx.buckets().find(b).orElseThrow().versioning()).isEqualTo(dev.silo.core.domain.Versioning.ENABLED);
          tx.buckets().delete(b);
          assertThat(tx.buckets().exists(b)).as("a bucket deleted in the transaction").isFalse();
          return null;
        });
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.tenant().usage())).isEqualTo(new Usage(30, 1));
  }

  // ---- transactions ---------------------------------------------------------------------------

  @Test
  void workThatThrowsRollsBackEverythingAndTheExceptionPropagatesUnchanged() {
    TenantId t = createTenant();
    BucketName bucket = new BucketName("rolled-back");
    BlobName blob = newBlob();
    ApiKey key = newKey(t, T0);
    RuntimeException marker = new IllegalStateException("boom");

    Throwable thrown =
        catchThrowable(
            () ->
                store.inTenant(
                    t,
                    tx -> {
                      tx.buckets().insert(bucket, T0);
                      tx.objects().insert(readyObject(bucket, "doomed.txt", 10));
                      tx.tenant().addUsage(10, 1);
                      tx.keys().insert(key);
                      tx.cleanup().schedule(space(), blob, T0);
                      tx.journal().audit(audit(t.value(), T0, "object.put"));
                      tx.journal().event(new Event("evt_" + random(20), t.value(),
                          "object.created", T0, "{}"));
                      throw marker;
                    }));
    assertThat(thrown).isSameAs(marker);

    assertThat(store.inTenant(t, (TenantTx tx) -> tx.buckets().exists(bucket))).isFalse();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.objects().count(bucket))).isZero();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.tenant().usage())).isEqualTo(Usage.ZERO);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.keys().list())).isEmpty();
    assertThat(store.global((GlobalTx tx) -> tx.apiKeys().findLive(key.hash()))).isEmpty();
    assertThat(store.global((GlobalTx tx) -> tx.cleanup().due(T0.plusSeconds(3600), 10))).isEmpty();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.journal().auditPage(0, null, null, 10)))
        .isEmpty();

    Tenant never = newTenant("never-born");
    RuntimeException globalMarker = new NotFoundException("marker");
    assertThat(
            catchThrowable(
                () ->
                    store.global(
                        tx -> {
                          tx.tenants().insert(never);
                          throw globalMarker;
                        })))
        .isSameAs(globalMarker);
    assertThat(store.global((GlobalTx tx) -> tx.tenants().find(never.id()))).isEmpty();
  }

  /**
   * A delimited listing's walk visits, for every position, prefix and delimiter, what the rule says:
   * each next row is the first one past the row before, or past every key of its common prefix,
   * in UTF-8 order, stopping after the first key outside the prefix; pending rows are not there.
   * Keys with multi-byte and supplementary characters and multi-character delimiters, since the
   * databases count characters where Java counts UTF-16 units.
   */
  @Test
  void aDelimitedWalkVisitsTheFirstKeyOfEachCommonPrefixAndEveryOtherKey() {
    TenantId t = createTenant();
    BucketName bucket = createBucket(t, "walk");
    List<String> keys = List.of(
        "a.txt", "b/1", "b/2", "b/c/3", "b/c/4", "b0", "c::x::1", "c::x::2", "c::y", "d", "\u00e9/1", "\u00e9/2",
        "\u00fc", "z\ud83d\ude00/1", "z\ud83d\ude00/2", "z\ud83d\ude00x", "logs/g1/1", "logs/g1/2", "logs/g2/1", "logs/h",
        "q\udbff\udfff1", "q\udbff\udfff2", "qz", "r");
    Map<String, ObjectInfo> listed = new HashMap<>();
    inTenant(t, tx -> {
      for (String key : keys) {
        ObjectInfo o = readyObject(bucket, key, 1);
        tx.objects().insert(o);
        listed.put(key, o.listed());
      }
      tx.objects().insert(object(bucket, newObjectId(), "b/pending", 1, ObjectStatus.PENDING));
    });
    List<String> sorted = keys.stream()
        .sorted(java.util.Comparator.comparing((String k) -> k.getBytes(StandardCharsets.UTF_8), java.util.Arrays::compareUnsigned))
        .toList();
    int checked = 0;
    for (String prefix : List.of("", "b/", "b/c/", "logs/", "c::", "z\ud83d\ude00", "\u00e9", "none/", "q")) {
      // U+10FFFF last: past its common prefix the code point before it is bumped
      for (String delimiter : List.of("/", "::", "\ud83d\ude00", "x", "\udbff\udfff")) {
        for (String after : List.of("", prefix, "b/", "b/c/", "c::x::", "logs/g1/1", "z")) {
          for (boolean inclusive : new boolean[] {true, false}) {
            for (int limit : new int[] {1, 2, 3, 100}) {
              // the API's fields and S3's in turn
              ListingFields fields = checked % 2 == 0 ? ListingFields.FULL : ListingFields.SUMMARY;
              List<ObjectRepository.Visit> visits = store.readInTenant(t, (TenantTx tx) -> tx.objects()
                      .walk(bucket, after, inclusive, prefix, delimiter, limit, fields));
              String walk = String.format(
                  "walk from %s%s, prefix %s, delimiter %s, limit %d", inclusive ? ">=" : ">", after, prefix, delimiter, limit);
              assertThat(visits.stream().map(ObjectRepository.Visit::key).toList())
                  .as(walk)
                  .isEqualTo(expectedWalk(sorted, after, inclusive, prefix, delimiter, limit));
              // a row only for a key the listing shows as an object: under the prefix, in no common prefix
              for (ObjectRepository.Visit v : visits) {
                boolean shown = v.key().startsWith(prefix) && CommonPrefix.of(v.key(), prefix, delimiter) == null;
                assertThat(v.row()).as("%s: the row of %s", walk, v.key())
                    .isEqualTo(shown ? fields.of(listed.get(v.key())) : null);
              }
              checked++;
            }
          }
        }
      }
    }
    assertThat(checked).isEqualTo(9 * 5 * 7 * 2 * 4);
  }

  /** The walk's rule, over keys sorted in UTF-8 order. */
  private static List<String> expectedWalk(
      List<String> sorted, String after, boolean inclusive, String prefix, String delimiter, int limit) {
    List<String> out = new ArrayList<>();
    byte[] from = after.getBytes(StandardCharsets.UTF_8);
    boolean including = inclusive;
    while (out.size() < limit) {
      String next = null;
      for (String k : sorted) {
        int c = java.util.Arrays.compareUnsigned(k.getBytes(StandardCharsets.UTF_8), from);
        if (c > 0 || (c == 0 && including)) {
          next = k;
          break;
        }
      }
      if (next == null) {
        break;
      }
      out.add(next);
      if (!next.startsWith(prefix)) {
        break;
      }
      int cut = next.indexOf(delimiter, prefix.length());
      if (cut < 0) {
        from = next.getBytes(StandardCharsets.UTF_8);
        including = false;
      } else {
        // past every key that starts with the common prefix (CommonPrefixTest holds that rule)
        from = CommonPrefix.past(next.substring(0, cut + delimiter.length())).getBytes(StandardCharsets.UTF_8);
        including = true;
      }
    }
    return out;
  }

  @Test
  void concurrentWritersAllLand() throws Exception {
    TenantId t = createTenant();
    BucketName bucket = createBucket(t, "busy");
    int threads = 8;
    int perThread = 50;

    runConcurrently(threads, thread -> {
      for (int i = 0; i < perThread; i++) {
        ObjectInfo o = readyObject(bucket, "t" + thread + "/" + i, 10);
        inTenant(t, tx -> {
          tx.objects().insert(o);
          tx.tenant().addUsage(o.size(), 1);
        });
      }
    });

    int total = threads * perThread;
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.objects().count(bucket))).isEqualTo(total);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.tenant().usage()))
        .isEqualTo(new Usage(10L * total, total));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.objects().scan(bucket, "", false, total + 1)))
        .hasSize(total);
  }

  @Test
  void aQuotaCheckedAndRaisedInOneUnitOfWorkHoldsUnderConcurrency() throws Exception {
    TenantId t = createTenant();
    BucketName bucket = createBucket(t, "quota");
    int quota = 40;
    List<Boolean> admitted = Collections.synchronizedList(new ArrayList<>());

    runConcurrently(8, thread -> {
      for (int i = 0; i < 15; i++) {
        ObjectInfo o = readyObject(bucket, "q" + thread + "-" + i, 1);
        admitted.add(store.inTenant(t, (TenantTx tx) -> {
          if (tx.tenant().usage().objects() >= quota) {
            return false;
          }
          tx.objects().insert(o);
          tx.tenant().addUsage(1, 1);
          return true;
        }));
      }
    });

    assertThat(admitted.stream().filter(b -> b).count()).isEqualTo(quota);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.objects().count(bucket))).isEqualTo(quota);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.tenant().usage()))
        .isEqualTo(new Usage(quota, quota));
  }

  @Test
  void checkPassesOnAnOpenStore() {
    assertThatCode(store::check).doesNotThrowAnyException();
  }

  // ---- isolation ------------------------------------------------------------------------------

  @Test
  void tenantsCannotSeeOrChangeEachOthersRows() {
    TenantId a = createTenant();
    TenantId b = createTenant();
    BucketName photos = createBucket(a, "photos");
    createBucket(b, "photos");
    ObjectInfo aShared = readyObject(photos, "same/key.txt", 100);
    ObjectInfo aOnly = readyObject(photos, "a-only.txt", 50);
    ObjectInfo bShared = readyObject(photos, "same/key.txt", 7);
    ApiKey aKey = newKey(a, T0);
    BlobName aBlob = newBlob();
    inTenant(a, tx -> {
      tx.objects().insert(aShared);
      tx.objects().insert(aOnly);
      tx.keys().insert(aKey);
      tx.cleanup().schedule(space(), aBlob, T0);
      tx.journal().audit(audit(a.value(), T0, "object.put"));
    });
    inTenant(b, tx -> tx.objects().insert(bShared));

    inTenant(b, tx -> {
      assertThat(tx.objects().find(photos, aOnly.key())).isEmpty();
      assertThat(tx.objects().find(aOnly.id())).isEmpty();
      assertThat(tx.objects().find(aShared.id())).isEmpty();
      assertThat(tx.objects().find(photos, aShared.key())).contains(bShared);
      assertThat(tx.objects().scan(photos, "", false, 100)).containsExactly(bShared);
      assertThat(tx.objects().anyInBucket(photos, 100)).containsExactly(bShared);
      assertThat(tx.objects().count(photos)).isEqualTo(1);
      assertThat(tx.buckets().find(photos).orElseThrow().usage()).isEqualTo(new Usage(7, 1));
      assertThat(tx.keys().list()).isEmpty();
      assertThat(tx.keys().find(aKey.id())).isEmpty();
      assertThat(tx.journal().auditPage(0, null, null, 100)).isEmpty();
      assertThat(tx.tenant().get().id()).isEqualTo(b);
    });

    // b's attempts to change a's rows leave them as they were, whether they throw or not
    inTenant(b, tx -> {
      tx.objects().delete(aOnly.id());
      tx.keys().revoke(aKey.id(), T0);
      tx.cleanup().cancel(aBlob);
    });
    catchThrowable(() -> inTenant(b, tx -> tx.objects().update(
        aOnly.withAttributes(Acl.PUBLIC, "stolen", Map.of("x", "y"), T0.plusSeconds(1)))));
    catchThrowable(() -> inTenant(b, tx -> tx.buckets().delete(photos)));

    inTenant(a, tx -> {
      assertThat(tx.objects().find(aOnly.id())).contains(aOnly);
      assertThat(tx.objects().scan(photos, "", false, 100)).containsExactly(aOnly, aShared);
      assertThat(tx.keys().find(aKey.id()).orElseThrow().revoked()).isFalse();
      assertThat(tx.buckets().find(photos).orElseThrow().usage()).isEqualTo(new Usage(150, 2));
      assertThat(tx.journal().auditPage(0, null, null, 100)).hasSize(1);
    });
    assertThat(store.global((GlobalTx tx) -> tx.cleanup().due(T0, 10)))
        .extracting(CleanupRepository.Entry::blob)
        .containsExactly(aBlob);
  }

  // ---- objects --------------------------------------------------------------------------------

  /** Every standard header set, with characters a careless encoding would mangle. */
  protected static final StandardHeaders HEADERS =
      new StandardHeaders("public, max-age=3600, s-maxage=\"60\"", "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf",
          "gzip", "de-CH, en", "Wed, 21 Oct 2026 07:28:00 GMT");

  @Test
  void objectRowsRoundTripEveryField() {
    TenantId t = createTenant();
    BucketName bucket = createBucket(t, "docs");
    String longKey = "中".repeat(341) + "a"; // 1024 bytes of UTF-8
    ObjectInfo full =
        new ObjectInfo(newObjectId(), bucket, new ObjectKey("reports/2026/Q4 – é 😀.csv"), 12_345,
            "text/csv; charset=utf-8", "\"9a0364b9e99bb480dd25e1f0284c8555\"", "ab".repeat(32),
            ObjectStatus.READY, Acl.PUBLIC, "reports/2026",
            Map.of("owner", "välue \"quoted\" \\ back\\slash 中 😀", "empty", "",
                "json", "{\"a\":[1,2]}"),
            HEADERS,
            SystemFacts.multipart("0123456789abcdef0123456789abcdef-3", List.of(5L << 20, 5L << 20, 7L)),
            newBlob(), T0, T0.plusMillis(1));
    ObjectInfo pending =
        new ObjectInfo(newObjectId(), bucket, new ObjectKey(longKey), 0, null, null, null,
            ObjectStatus.PENDING, Acl.PRIVATE, null, Map.of(), null, SystemFacts.pendingUpload(40L, true), null, T0, T0);
    inTenant(t, tx -> {
      tx.objects().insert(full);
      tx.objects().insert(pending);
    });

    inTenant(t, tx -> {
      assertThat(tx.objects().find(bucket, full.key())).contains(full);
      assertThat(tx.objects().find(full.id())).contains(full);
      assertThat(tx.objects().find(pending.id())).contains(pending);
      assertThat(tx.objects().find(bucket, new ObjectKey("missing"))).isEmpty();
    });

    ObjectInfo published =
        new ObjectInfo(pending.id(), bucket, pending.key(), 99, "image/png", "\"e\"",
            "cd".repeat(32),
            ObjectStatus.READY, Acl.PUBLIC, "images", Map.of("k", "v"),
            new StandardHeaders(null, null, "br", null, null), pending.facts().published(), newBlob(), T0,
            T0.plusSeconds(5));
    inTenant(t, tx -> tx.objects().update(published));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.objects().find(bucket, pending.key())))
        .contains(published);
    assertThat(store.readInTenant(t, (TenantTx tx) -> tx.objects().scan(bucket, "", false, 10)))
        .containsExactly(full, published);
    // a listing's rows: every field it shows, no blob, of the facts only what S3's ETag needs
    assertThat(store.readInTenant(t, (TenantTx tx) -> tx.objects().page(bucket, "", false, 10, ListingFields.FULL)))
        .containsExactly(full.listed(), published.listed());
    assertThat(store.readInTenant(t, (TenantTx tx) -> tx.objects().walk(bucket, "", false, "reports/2026/", "/", 10, ListingFields.FULL)))
        .containsExactly(new ObjectRepository.Visit(full.key().value(), full.listed()), new ObjectRepository.Visit(longKey, null));
    assertThat(full.listed().blob()).isNull();
    assertThat(full.listed().s3Etag()).isEqualTo(full.s3Etag());
    // S3's rows: key, size, ETag, time and version, whatever else the object holds
    assertThat(store.readInTenant(t, (TenantTx tx) -> tx.objects().page(bucket, "", false, 10, ListingFields.SUMMARY)))
        .containsExactly(full.summary(), published.summary());
    assertThat(store.readInTenant(t, (TenantTx tx) -> tx.objects().walk(bucket, "", false, "reports/2026/", "/", 10, ListingFields.SUMMARY)))
        .containsExactly(new ObjectRepository.Visit(full.key().value(), full.summary()), new ObjectRepository.Visit(longKey, null));
    ObjectInfo summary = published.summary();
    assertThat(List.of(summary.key(), summary.size(), summary.s3Etag(), summary.updatedAt(), summary.version()))
        .containsExactly(published.key(), published.size(), published.s3Etag(), published.updatedAt(), published.version());
    assertThat(summary.metadata()).isEmpty();
    assertThat(summary.contentType()).isNull();

    inTenant(t, tx -> tx.objects().delete(full.id()));
    inTenant(t, tx -> {
      assertThat(tx.objects().find(full.id())).isEmpty();
      assertThat(tx.objects().find(bucket, full.key())).isEmpty();
    });
  }

  @Test
  void aKeyIsUniqueWithinItsBucketOnly() {
    TenantId t = createTenant();
    BucketName one = createBucket(t, "one");
    BucketName two = createBucket(t, "two");
    ObjectInfo original = readyObject(one, "k", 1);
    inTenant(t, tx -> tx.objects().insert(original));

    assertThatThrownBy(() -> inTenant(t, tx -> tx.objects().insert(readyObject(one, "k", 2))))
        .isInstanceOf(DuplicateException.class);
    assertThatThrownBy(
            () -> inTenant(t, tx -> tx.objects().insert(readyObject(one, original.id(), "other"))))
        .isInstanceOf(DuplicateException.class);
    assertThatCode(() -> inTenant(t, tx -> tx.objects().insert(readyObject(two, "k", 3))))
        .doesNotThrowAnyException();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.objects().find(one, original.key())))
        .contains(original);
  }

  @Test
  void scanOrdersKeysByTheirUtf8Bytes() {
    TenantId t = createTenant();
    BucketName bucket = createBucket(t, "unicode");
    // "\uFF21" sorts before "😀" in UTF-8 but after it in Java's UTF-16 order; '-', '.', ' ' and
    // case are where a locale's collation would reorder
    List<String> keys =
        new ArrayList<>(List.of("a", "b", "B", "Z", "0", "~", "a b", "a-b", "a.b", "a/b", "ab",
            "aB", "é", "e", "f", "中", "\uFF21", "😀", "\uFFFD", "ｚ", "a😀", "a\uFF21"));
    Collections.shuffle(keys, new Random(7));
    inTenant(t, tx -> keys.forEach(k -> tx.objects().insert(readyObject(bucket, k, 1))));

    List<String> expected = new ArrayList<>(keys);
    expected.sort(MetadataStoreContract::compareUtf8);
    assertThat(expected.indexOf("\uFF21")).isLessThan(expected.indexOf("😀"));
    assertThat(scanKeys(t, bucket, "", false, 100)).containsExactlyElementsOf(expected);

    List<String> paged = new ArrayList<>();
    String cursor = "";
    List<String> page;
    do {
      page = scanKeys(t, bucket, cursor, false, 3);
      paged.addAll(page);
      cursor = page.isEmpty() ? cursor : page.getLast();
    } while (page.size() == 3);
    assertThat(paged).containsExactlyElementsOf(expected);
  }

  @Test
  void scanHonoursTheCursorInclusivityLimitStatusAndBucket() {
    TenantId t = createTenant();
    BucketName bucket = createBucket(t, "scan");
    BucketName other = createBucket(t, "other");
    inTenant(t, tx -> {
      for (String k : List.of("k1", "k2", "k3", "k4", "k5")) {
        tx.objects().insert(readyObject(bucket, k, 1));
      }
      tx.objects().insert(object(bucket, newObjectId(), "k25", 1, ObjectStatus.PENDING));
      tx.objects().insert(readyObject(other, "k0", 1));
    });

    assertThat(scanKeys(t, bucket, "", false, 10)).containsExactly("k1", "k2", "k3", "k4", "k5");
    assertThat(scanKeys(t, bucket, "k2", false, 10)).containsExactly("k3", "k4", "k5");
    assertThat(scanKeys(t, bucket, "k2", true, 10)).containsExactly("k2", "k3", "k4", "k5");
    assertThat(scanKeys(t, bucket, "k2", true, 2)).containsExactly("k2", "k3");
    assertThat(scanKeys(t, bucket, "k20", false, 1)).containsExactly("k3");
    assertThat(scanKeys(t, bucket, "k5", false, 10)).isEmpty();
    assertThat(scanKeys(t, bucket, "", false, 0)).isEmpty();
  }

  @Test
  void countAndAnyInBucketSeeEveryStatus() {
    TenantId t = createTenant();
    BucketName bucket = createBucket(t, "mixed");
    inTenant(t, tx -> {
      tx.objects().insert(readyObject(bucket, "r1", 1));
      tx.objects().insert(readyObject(bucket, "r2", 1));
      tx.objects().insert(object(bucket, newObjectId(), "p1", 0, ObjectStatus.PENDING));
    });
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.objects().count(bucket))).isEqualTo(3);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.objects().anyInBucket(bucket, 10)))
        .extracting(o -> o.key().value())
        .containsExactlyInAnyOrder("r1", "r2", "p1");
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.objects().anyInBucket(bucket, 2))).hasSize(2);
  }

  // ---- buckets --------------------------------------------------------------------------------

  @Test
  void bucketsCarryTheUsageOfTheirReadyObjects() {
    TenantId t = createTenant();
    for (String name : List.of("photos", "abc", "ab.c", "ab-c")) {
      inTenant(t, tx -> tx.buckets().insert(new BucketName(name), T0));
    }
    BucketName photos = new BucketName("photos");
    inTenant(t, tx -> {
      tx.objects().insert(readyObject(photos, "one", 10));
      tx.objects().insert(readyObject(photos, "two", 20));
      tx.objects().insert(object(photos, newObjectId(), "pending", 5, ObjectStatus.PENDING));
    });

    inTenant(t, tx -> {
      assertThat(tx.buckets().find(photos))
          .contains(new Bucket(photos, T0, new Usage(30, 2)));
      assertThat(tx.buckets().find(new BucketName("abc")))
          .contains(new Bucket(new BucketName("abc"), T0, Usage.ZERO));
      assertThat(tx.buckets().find(new BucketName("missing"))).isEmpty();
      assertThat(tx.buckets().list())
          .extracting(b -> b.name().value())
          .containsExactly("ab-c", "ab.c", "abc", "photos");
      assertThat(tx.buckets().list().getLast().usage()).isEqualTo(new Usage(30, 2));
      assertThat(tx.buckets().exists(photos)).isTrue();
      assertThat(tx.buckets().exists(new BucketName("missing"))).isFalse();
      assertThat(tx.buckets().count()).isEqualTo(4);
    });

    assertThatThrownBy(() -> inTenant(t, tx -> tx.buckets().insert(photos, T0)))
        .isInstanceOf(DuplicateException.class);
    inTenant(t, tx -> tx.buckets().delete(new BucketName("abc")));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.buckets().count())).isEqualTo(3);
  }

  // ---- API keys -------------------------------------------------------------------------------

  @Test
  void liveApiKeysAreFoundByHashWithTheirTenantTouchedAndRevoked() {
    TenantId t = createTenant();
    ApiKey older = newKey(t, T0);
    ApiKey newer = newKey(t, T0.plusSeconds(1));
    inTenant(t, tx -> {
      tx.keys().insert(older);
      tx.keys().insert(newer);
    });

    assertThat(store.inTenant(t, (TenantTx tx) -> tx.keys().list()))
        .extracting(ApiKey::id)
        .containsExactly(newer.id(), older.id());
    assertSameKey(store.inTenant(t, (TenantTx tx) ->
            tx.keys().find(older.id())).orElseThrow(), older);
    ApiKeyLookup.Live live = store.global((GlobalTx tx) -> tx.apiKeys().findLive(older.hash())).orElseThrow();
    assertSameKey(live.key(), older);
    assertThat(live.tenant().id()).isEqualTo(t);
    assertThat(store.global((GlobalTx tx) -> tx.apiKeys().findLive(new byte[32]))).isEmpty();

    global(tx -> tx.apiKeys().touch(older.tenant(), older.id(), T0.plusSeconds(5)));
    // a touch names the key by its tenant too: another tenant's name for the id changes nothing
    global(tx -> tx.apiKeys().touch(newTenantId(), older.id(), T0.plusSeconds(9)));
    inTenant(t, tx -> tx.keys().revoke(older.id(), T0.plusSeconds(6)));

    ApiKey seen = store.inTenant(t, (TenantTx tx) -> tx.keys().find(older.id())).orElseThrow();
    assertThat(seen.lastUsedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(seen.revoked()).isTrue();
    assertThat(seen.revokedAt()).isEqualTo(T0.plusSeconds(6));
    assertThat(store.global((GlobalTx tx) -> tx.apiKeys().findLive(older.hash()))).as("revoked").isEmpty();
    assertThat(store.global((GlobalTx tx) -> tx.apiKeys().findLive(newer.hash()))).isPresent();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.keys().find(newer.id()))
        .orElseThrow().revoked())
        .isFalse();

    ApiKey sameHash =
        new ApiKey(newKeyId(), t, "copy", "copy", older.hash(), Scope.ALL, T0, null, null);
    assertThatThrownBy(() -> inTenant(t, tx -> tx.keys().insert(sameHash)))
        .isInstanceOf(DuplicateException.class);
  }

  @Test
  void aTenantIsFoundWithAMintingCredentialOnlyWhileTheCredentialLives() {
    TenantId t = createTenant();
    TenantId other = createTenant();
    ApiKey key = newKey(t, T0);
    ApiKey othersKey = newKey(other, T0);
    S3Credential s3 = new S3Credential("SILO1" + random(15).toUpperCase(), t, "laptop", null, T0, null, null);
    inTenant(t, tx -> {
      tx.keys().insert(key);
      tx.s3Credentials().insert(s3);
    });
    inTenant(other, tx -> tx.keys().insert(othersKey));

    assertThat(store.global((GlobalTx tx) -> tx.tenants().findWithLiveKey(t, key.id()))).map(Tenant::id).contains(t);
    assertThat(store.global((GlobalTx tx) -> tx.s3Credentials().findLive(s3.accessKeyId())))
        .map(live -> live.tenant().id()).contains(t);
    // a credential of another tenant, or none at all, vouches for nothing
    assertThat(store.global((GlobalTx tx) -> tx.tenants().findWithLiveKey(t, othersKey.id()))).isEmpty();
    assertThat(store.global((GlobalTx tx) -> tx.tenants().findWithLiveKey(other, key.id()))).isEmpty();
    assertThat(store.global((GlobalTx tx) -> tx.tenants().findWithLiveKey(t, newKeyId()))).isEmpty();

    inTenant(t, tx -> {
      tx.keys().revoke(key.id(), T0.plusSeconds(1));
      tx.s3Credentials().revoke(s3.accessKeyId(), T0.plusSeconds(1));
    });
    assertThat(store.global((GlobalTx tx) -> tx.tenants().findWithLiveKey(t, key.id()))).isEmpty();
    assertThat(store.global((GlobalTx tx) -> tx.s3Credentials().findLive(s3.accessKeyId()))).isEmpty();
    assertThat(store.global((GlobalTx tx) -> tx.tenants().findWithLiveKey(other, othersKey.id()))).isPresent();
  }

  /** Counts what a store tells a credential watch. */
  private static final class Heard implements CredentialWatch {
    final AtomicInteger changes = new AtomicInteger();
    volatile boolean hearing;

    @Override
    public void changed() {
      changes.incrementAndGet();
    }

    @Override
    public void hearing(boolean hearing) {
      this.hearing = hearing;
    }
  }

  @Test
  void aCredentialWatchHearsEveryCommitThatTakesAuthorityAwayBeforeItReturnsAndNoOther() throws Exception {
    TenantId t = createTenant();
    ApiKey key = newKey(t, T0);
    S3Credential s3 = new S3Credential("SILO1" + random(15).toUpperCase(), t, "laptop", null, T0, null, null);
    inTenant(t, tx -> {
      tx.keys().insert(key);
      tx.s3Credentials().insert(s3);
    });
    Heard heard = new Heard();
    AutoCloseable watching = store.watchCredentials(heard);
    if (!hearsEveryCredentialChange()) {
      inTenant(t, tx -> tx.keys().revoke(key.id(), T0.plusSeconds(6)));
      assertThat(heard.hearing).as("a store other processes write too never says it hears").isFalse();
      watching.close();
      return;
    }
    assertThat(heard.hearing).as("a store only this process writes hears from the start").isTrue();

    int quiet = heard.changes.get();
    global(tx -> tx.apiKeys().touch(t, key.id(), T0.plusSeconds(5)));
    global(tx -> tx.s3Credentials().touch(s3.accessKeyId(), T0.plusSeconds(5)));
    createBucket(t, "photos");
    assertThat(heard.changes.get()).as("touches and other writes take no authority away").isEqualTo(quiet);

    int before = heard.changes.get();
    inTenant(t, tx -> tx.keys().revoke(key.id(), T0.plusSeconds(6)));
    assertThat(heard.changes.get()).as("an API key revoked").isGreaterThan(before);
    before = heard.changes.get();
    inTenant(t, tx -> tx.s3Credentials().revoke(s3.accessKeyId(), T0.plusSeconds(6)));
    assertThat(heard.changes.get()).as("an S3 key revoked").isGreaterThan(before);
    Tenant tenant = store.global((GlobalTx tx) -> tx.tenants().find(t)).orElseThrow();
    before = heard.changes.get();
    global(tx -> tx.tenants().update(tenant));
    assertThat(heard.changes.get()).as("a tenant changed").isGreaterThan(before);
    before = heard.changes.get();
    global(tx -> tx.tenants().delete(t));
    assertThat(heard.changes.get()).as("a tenant deleted").isGreaterThan(before);
    TenantId other = createTenant();
    ApiKey othersKey = newKey(other, T0);
    inTenant(other, tx -> tx.keys().insert(othersKey));
    before = heard.changes.get();
    assertThatThrownBy(() -> inTenant(other, tx -> {
      tx.keys().revoke(othersKey.id(), T0.plusSeconds(7));
      throw new IllegalStateException("rolled back");
    })).hasMessage("rolled back");
    assertThat(heard.changes.get()).as("creating a tenant and a key, and a revocation rolled back").isEqualTo(before);

    watching.close();
    assertThat(heard.hearing).as("a closed watch no longer hears").isFalse();
  }

  // ---- S3 credentials ------------------------------------------------------------------------

  @Test
  void s3CredentialsAreScopedToTheirTenantFoundByIdTouchedAndRevoked() {
    TenantId t = createTenant();
    TenantId other = createTenant();
    BucketName photos = createBucket(t, "photos");
    S3Credential older = new S3Credential("SILO1" + random(15).toUpperCase(), t, "laptop", null, T0, null, null);
    S3Credential newer = new S3Credential("SILO1" + random(15).toUpperCase(), t, "phone é", photos, T0.plusSeconds(1), null, null);
    inTenant(t, tx -> {
      tx.s3Credentials().insert(older);
      tx.s3Credentials().insert(newer);
    });

    assertThat(store.inTenant(t, (TenantTx tx) -> tx.s3Credentials().list())).containsExactly(newer, older);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.s3Credentials().find(newer.accessKeyId()))).contains(newer);
    assertThat(store.inTenant(other, (TenantTx tx) -> tx.s3Credentials().find(newer.accessKeyId()))).isEmpty();
    assertThat(store.inTenant(other, (TenantTx tx) -> tx.s3Credentials().list())).isEmpty();
    assertThat(store.global((GlobalTx tx) -> tx.s3Credentials().find(older.accessKeyId()))).contains(older);
    assertThat(store.global((GlobalTx tx) -> tx.s3Credentials().find("SILO1NOSUCHKEY00000"))).isEmpty();
    Tenant owner = store.global((GlobalTx tx) -> tx.tenants().find(t)).orElseThrow();
    assertThat(store.global((GlobalTx tx) -> tx.s3Credentials().findLive(newer.accessKeyId())))
        .as("a live credential comes with its tenant")
        .contains(new S3CredentialRepository.Live(newer, owner));
    assertThat(store.global((GlobalTx tx) -> tx.s3Credentials().findLive("SILO1NOSUCHKEY00000"))).isEmpty();

    global(tx -> tx.s3Credentials().touch(older.accessKeyId(), T0.plusSeconds(5)));
    inTenant(other, tx -> tx.s3Credentials().revoke(older.accessKeyId(), T0.plusSeconds(6)));
    assertThat(store.global((GlobalTx tx) -> tx.s3Credentials().find(older.accessKeyId())).orElseThrow().revoked())
        .as("another tenant cannot revoke it").isFalse();
    inTenant(t, tx -> tx.s3Credentials().revoke(older.accessKeyId(), T0.plusSeconds(7)));
    inTenant(t, tx -> tx.s3Credentials().revoke(older.accessKeyId(), T0.plusSeconds(8)));
    S3Credential seen = store.global((GlobalTx tx) -> tx.s3Credentials().find(older.accessKeyId())).orElseThrow();
    assertThat(store.global((GlobalTx tx) -> tx.s3Credentials().findLive(older.accessKeyId())))
        .as("a revoked credential is not live").isEmpty();
    assertThat(store.global((GlobalTx tx) -> tx.s3Credentials().findLive(newer.accessKeyId())).orElseThrow().credential())
        .isEqualTo(newer);
    assertThat(seen.lastUsedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(seen.revokedAt()).isEqualTo(T0.plusSeconds(7));

    S3Credential sameId = new S3Credential(older.accessKeyId(), other, "copy", null, T0, null, null);
    assertThatThrownBy(() -> inTenant(other, tx -> tx.s3Credentials().insert(sameId)))
        .isInstanceOf(DuplicateException.class);

    global(tx -> tx.tenants().delete(t));
    assertThat(store.global((GlobalTx tx) -> tx.s3Credentials().find(newer.accessKeyId()))).isEmpty();
    assertThat(store.global((GlobalTx tx) -> tx.s3Credentials().findLive(newer.accessKeyId()))).isEmpty();
  }

  // ---- inline blobs ---------------------------------------------------------------------------

  @Test
  void inlineBlobsAreStoredByNameWithinTheirTenantRolledBackWithTheirTransactionAndDroppedWithIt() {
    TenantId t = createTenant();
    TenantId other = createTenant();
    BlobName name = new BlobName("i" + random(26));
    byte[] bytes = new byte[65536];
    random.nextBytes(bytes);
    bytes[0] = 0; // a NUL byte and every other value round-trip
    inTenant(t, tx -> tx.inline().put(name, bytes));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.inline().get(name))).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.inline().get(new BlobName("i" + random(26))))).isEmpty();
    assertThat(store.inTenant(other, (TenantTx tx) -> tx.inline().get(name))).as("another tenant's").isEmpty();
    assertThat(store.inTenant(other, (TenantTx tx) -> tx.inline().delete(name))).isFalse();
    BlobName empty = new BlobName("i" + random(26));
    inTenant(t, tx -> tx.inline().put(empty, new byte[0]));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.inline().get(empty))).hasValueSatisfying(b -> assertThat(b).isEmpty());

    BlobName rolledBack = new BlobName("i" + random(26));
    assertThatThrownBy(
            () -> inTenant(t, tx -> {
              tx.inline().put(rolledBack, bytes);
              tx.inline().delete(name);
              throw new IllegalStateException("rolled back");
            }))
        .hasMessage("rolled back");
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.inline().get(rolledBack))).isEmpty();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.inline().get(name))).isPresent();
    assertThatThrownBy(() -> inTenant(t, tx -> tx.inline().put(name, new byte[] {1})))
        .isInstanceOf(DuplicateException.class);

    assertThat(store.inTenant(t, (TenantTx tx) -> tx.inline().delete(name))).isTrue();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.inline().get(name))).isEmpty();

    global(tx -> tx.tenants().delete(t));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.inline().get(empty))).as("gone with its tenant").isEmpty();
  }

  /** A download reads an inline object's row and bytes together, and only the bound tenant's. */
  @Test
  void aRowIsFoundWithItsInlineBytesAndWithoutThemWhenTheyAreInTheBlobStoreOrGone() {
    TenantId t = createTenant();
    TenantId other = createTenant();
    BucketName bucket = createBucket(t, "small");
    BucketName sameName = createBucket(other, "small");
    BlobName name = new BlobName("i" + random(26));
    byte[] bytes = new byte[4096];
    random.nextBytes(bytes);
    ObjectInfo template = objectAt(bucket, "note.txt", bytes.length, ObjectStatus.READY, T0);
    ObjectInfo inline = new ObjectInfo(template.id(), bucket, template.key(), template.size(), template.contentType(),
        template.etag(), template.sha256(), template.status(), template.acl(), null, Map.of(), null, null, name,
        T0, T0);
    ObjectInfo elsewhere = objectAt(bucket, "big.bin", 1 << 20, ObjectStatus.READY, T0);
    inTenant(t, tx -> {
      tx.objects().insert(inline);
      tx.inline().put(name, bytes);
      tx.objects().insert(elsewhere);
    });
    // another tenant's row at the same bucket name and key, with an inline blob of the same name
    ObjectInfo theirs = new ObjectInfo(newObjectId(), sameName, inline.key(), 3, inline.contentType(), inline.etag(),
        inline.sha256(), ObjectStatus.READY, Acl.PRIVATE, null, Map.of(), null, null, name, T0, T0);
    inTenant(other, tx -> {
      tx.objects().insert(theirs);
      tx.inline().put(name, new byte[] {1, 2, 3});
    });

    ObjectRepository.WithInline found =
        store.readInTenant(t, (TenantTx tx) -> tx.objects().findWithInline(bucket, inline.key())).orElseThrow();
    assertThat(found.row()).isEqualTo(inline);
    assertThat(found.inline()).isEqualTo(bytes);
    assertThat(store.readInTenant(other, (TenantTx tx) -> tx.objects().findWithInline(sameName, inline.key())))
        .hasValueSatisfying(f -> assertThat(f.inline()).as("their own bytes").containsExactly(1, 2, 3));
    ObjectRepository.WithInline big =
        store.readInTenant(t, (TenantTx tx) -> tx.objects().findWithInline(bucket, elsewhere.key())).orElseThrow();
    assertThat(big.row()).isEqualTo(elsewhere);
    assertThat(big.inline()).as("bytes in the blob store").isNull();
    assertThat(store.readInTenant(t, (TenantTx tx) -> tx.objects().findWithInline(bucket, new ObjectKey("none"))))
        .isEmpty();

    inTenant(t, tx -> tx.inline().delete(name));
    ObjectRepository.WithInline gone =
        store.readInTenant(t, (TenantTx tx) -> tx.objects().findWithInline(bucket, inline.key())).orElseThrow();
    assertThat(gone.row()).isEqualTo(inline);
    assertThat(gone.inline()).as("bytes deleted under the row").isNull();
  }

  @Test
  void s3CredentialsKeepTheirScopes() {
    TenantId t = createTenant();
    S3Credential readOnly =
        new S3Credential("SILO1" + random(15).toUpperCase(), t, "backup reader", null, T0, null, null, Set.of(Scope.READ));
    S3Credential writer = new S3Credential("SILO1" + random(15).toUpperCase(), t, "uploader", null, T0.plusSeconds(1),
        null, null, Set.of(Scope.READ, Scope.WRITE));
    S3Credential full = new S3Credential("SILO1" + random(15).toUpperCase(), t, "all", null, T0.plusSeconds(2), null, null);
    inTenant(t, tx -> {
      tx.s3Credentials().insert(readOnly);
      tx.s3Credentials().insert(writer);
      tx.s3Credentials().insert(full);
    });

    assertThat(store.global((GlobalTx tx) -> tx.s3Credentials().find(readOnly.accessKeyId())).orElseThrow().scopes())
        .containsExactly(Scope.READ);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.s3Credentials().find(writer.accessKeyId())).orElseThrow().scopes())
        .containsExactlyInAnyOrder(Scope.READ, Scope.WRITE);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.s3Credentials().list()))
        .extracting(S3Credential::scopes)
        .containsExactly(Scope.ALL, Set.of(Scope.READ, Scope.WRITE), Set.of(Scope.READ));
  }

  // ---- multipart uploads ----------------------------------------------------------------------

  @Test
  void multipartUploadsKeepTheirPartsInOrderPerTenant() {
    TenantId t = createTenant();
    TenantId other = createTenant();
    BucketName photos = createBucket(t, "photos");
    MultipartUpload b = new MultipartUpload("mpu_" + random(20), photos, new ObjectKey("dir/b.bin"), "image/png",
        Map.of("mtime", "1"), HEADERS, T0);
    MultipartUpload a = new MultipartUpload("mpu_" + random(20), photos, new ObjectKey("dir/a.bin"), null, Map.of(), null, T0);
    MultipartUpload c = new MultipartUpload("mpu_" + random(20), photos, new ObjectKey("other"), null, Map.of(), null, T0);
    inTenant(t, tx -> {
      tx.multipart().insert(b);
      tx.multipart().insert(a);
      tx.multipart().insert(c);
    });
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().find(b.uploadId()))).contains(b);
    assertThat(store.inTenant(other, (TenantTx tx) -> tx.multipart().find(b.uploadId()))).isEmpty();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().list(photos, "dir/", null, null, 10)))
        .containsExactly(a, b);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().list(photos, "", a.key().value(), a.uploadId(), 1)))
        .containsExactly(b);
    // a page under a prefix whatever lies ahead of it: forty uploads under "aaa/" sort first
    inTenant(t, tx -> {
      for (int i = 0; i < 40; i++) {
        tx.multipart().insert(new MultipartUpload("mpu_" + random(20), photos, new ObjectKey("aaa/" + i), null, Map.of(), null, T0));
      }
    });
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().list(photos, "dir/", null, null, 1))).containsExactly(a);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().list(photos, "dir/", "aaa/9", "", 1))).containsExactly(a);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().list(photos, "dir/", a.key().value(), a.uploadId(), 5)))
        .containsExactly(b);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().list(photos, "dir/", "dir/z", "", 5))).isEmpty();

    UploadedPart p2 = new UploadedPart(2, 5, "00112233445566778899aabbccddeeff", newBlob(), T0);
    UploadedPart p1 = new UploadedPart(1, 7, "ffeeddccbbaa99887766554433221100", newBlob(), T0);
    UploadedPart p1again = new UploadedPart(1, 9, "0123456789abcdef0123456789abcdef", newBlob(), T0.plusSeconds(1));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().putPart(b.uploadId(), p2))).isEmpty();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().putPart(b.uploadId(), p1))).isEmpty();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().putPart(b.uploadId(), p1again))).contains(p1);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().parts(b.uploadId(), 0, 100)))
        .containsExactly(p1again, p2);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().parts(b.uploadId(), 1, 100))).containsExactly(p2);
    assertThat(store.inTenant(other, (TenantTx tx) -> tx.multipart().parts(b.uploadId(), 0, 100))).isEmpty();

    inTenant(other, tx -> tx.multipart().delete(b.uploadId()));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().find(b.uploadId()))).isPresent();
    inTenant(t, tx -> tx.multipart().delete(b.uploadId()));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().find(b.uploadId()))).isEmpty();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().parts(b.uploadId(), 0, 100))).isEmpty();

    BlobName target = newBlob();
    MultipartUpload assembled = new MultipartUpload("mpu_" + random(20), photos, new ObjectKey("native.bin"), null, Map.of(),
        null, T0, target, "backend-upload-id");
    UploadedPart inAssembly = new UploadedPart(3, 5, "00112233445566778899aabbccddeeff", "ab".repeat(32), target, "\"etag-3\"", T0);
    inTenant(t, tx -> {
      tx.multipart().insert(assembled);
      tx.multipart().putPart(assembled.uploadId(), inAssembly);
    });
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().find(assembled.uploadId()))).contains(assembled);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().parts(assembled.uploadId(), 0, 10))).containsExactly(inAssembly);

    // a slice of another object's blob (UploadPartCopy) keeps where in that blob it begins; a part
    // stored again over it no longer is one
    BlobName copied = newBlob();
    UploadedPart slice = UploadedPart.slice(4, 6_000_000_000L, 5, "00112233445566778899aabbccddeeff", "cd".repeat(32), copied, T0);
    UploadedPart own = new UploadedPart(4, 5, "00112233445566778899aabbccddeeff", "cd".repeat(32), newBlob(), T0);
    inTenant(t, tx -> tx.multipart().putPart(assembled.uploadId(), slice));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().parts(assembled.uploadId(), 3, 10))).containsExactly(slice);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().putPart(assembled.uploadId(), own))).contains(slice);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().parts(assembled.uploadId(), 3, 10))).containsExactly(own);

    inTenant(t, tx -> tx.multipart().putPart(a.uploadId(), p2));
    global(tx -> tx.tenants().delete(t));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.multipart().find(a.uploadId()))).isEmpty();
  }

  // ---- resumable uploads -----------------------------------------------------------------------

  private ResumableUpload resumable(BucketName bucket, String key, Long length, BlobName partial, Instant expires) {
    return new ResumableUpload("tus_" + random(32), newObjectId(), bucket, new ObjectKey(key), length, 0,
        "application/octet-stream", Map.of("origin", "camera"), HEADERS, partial, null, null, expires, T0, null, "state-0", null,
        "filename cmF3LmJpbg==");
  }

  @Test
  void resumableUploadsAreFoundPerTenantByIdAndObjectId() {
    TenantId t = createTenant();
    TenantId other = createTenant();
    BucketName photos = createBucket(t, "photos");
    ResumableUpload u = resumable(photos, "raw/a.bin", 100L, newBlob(), T0.plusSeconds(3600));
    ResumableUpload deferred = resumable(photos, "raw/b.bin", null, null, T0.plusSeconds(3600));
    inTenant(t, tx -> {
      tx.resumable().insert(u);
      tx.resumable().insert(deferred);
    });
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().find(u.id()))).contains(u);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().find(deferred.id()))).contains(deferred);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().findByObjectId(u.objectId()))).contains(u);
    assertThat(store.inTenant(other, (TenantTx tx) -> tx.resumable().find(u.id()))).isEmpty();
    assertThat(store.inTenant(other, (TenantTx tx) -> tx.resumable().findByObjectId(u.objectId()))).isEmpty();
    assertThat(store.inTenant(other, (TenantTx tx) -> tx.resumable().advance(u.id(), 0, 10, null, null, null))).isFalse();
    assertThatThrownBy(() -> inTenant(t, tx -> tx.resumable().insert(u))).isInstanceOf(DuplicateException.class);
  }

  @Test
  void concatenationKindsAreKeptAndSurviveTheOffsetMoving() {
    TenantId t = createTenant();
    BucketName photos = createBucket(t, "photos");
    ResumableUpload base = resumable(photos, "partial/p", 10L, null, T0.plusSeconds(3600));
    ResumableUpload partial = new ResumableUpload(base.id(), base.objectId(), photos, base.key(), 10L, 0, base.contentType(),
        Map.of(), null, null, null, null, base.expiresAt(), T0, null, null, ResumableUpload.PARTIAL, null);
    ResumableUpload whole = resumable(photos, "raw/whole.bin", 10L, null, T0.plusSeconds(3600));
    ResumableUpload last = new ResumableUpload(whole.id(), whole.objectId(), photos, whole.key(), 10L, 10, whole.contentType(),
        Map.of(), null, null, null, null, whole.expiresAt(), T0, null, null, ResumableUpload.finalOf(java.util.List.of(partial.id())), null);
    inTenant(t, tx -> {
      tx.resumable().insert(partial);
      tx.resumable().insert(last);
    });
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().advance(partial.id(), 0, 10, null, null, "state-10"))).isTrue();
    ResumableUpload p = store.inTenant(t, (TenantTx tx) -> tx.resumable().find(partial.id())).orElseThrow();
    assertThat(p.partialUpload()).isTrue();
    assertThat(p.offset()).isEqualTo(10);
    ResumableUpload f = store.inTenant(t, (TenantTx tx) -> tx.resumable().find(last.id())).orElseThrow();
    assertThat(f.finalUpload()).isTrue();
    assertThat(f.concat()).isEqualTo(ResumableUpload.finalOf(java.util.List.of(partial.id())));
    assertThat(f.concatenated()).as("the partial uploads it names, read back").containsExactly(partial.id());
  }

  @Test
  void theOffsetAdvancesOnlyFromTheExpectedOffset() {
    TenantId t = createTenant();
    BucketName photos = createBucket(t, "photos");
    ResumableUpload u = resumable(photos, "raw/a.bin", null, null, T0.plusSeconds(3600));
    inTenant(t, tx -> tx.resumable().insert(u));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().advance(u.id(), 0, 10, null, "sha1 abc", null))).isTrue();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().advance(u.id(), 0, 10, null, null, null)))
        .as("a second writer of the same chunk loses").isFalse();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().advance(u.id(), 10, 25, 40L, null, "state-25"))).isTrue();
    ResumableUpload now = store.inTenant(t, (TenantTx tx) -> tx.resumable().find(u.id())).orElseThrow();
    assertThat(now.offset()).isEqualTo(25);
    assertThat(now.length()).as("a deferred length is set once").isEqualTo(40L);
    assertThat(now.checksum()).isEqualTo("sha1 abc");
    assertThat(now.hashState()).as("the running hashes move with the offset").isEqualTo("state-25");
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().declareLength(u.id(), 50))).isFalse();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().declareLength(u.id(), 40))).isTrue();
    inTenant(t, tx -> tx.resumable().complete(u.id(), T0.plusSeconds(5)));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().advance(u.id(), 25, 40, null, null, null)))
        .as("a completed upload never moves").isFalse();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().find(u.id())).orElseThrow().completedAt())
        .isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void concurrentAdvancesFromOneOffsetHaveExactlyOneWinner() throws Exception {
    TenantId t = createTenant();
    BucketName photos = createBucket(t, "photos");
    ResumableUpload u = resumable(photos, "raw/race.bin", 1000L, null, T0.plusSeconds(3600));
    inTenant(t, tx -> tx.resumable().insert(u));
    java.util.concurrent.atomic.AtomicInteger winners = new java.util.concurrent.atomic.AtomicInteger();
    runConcurrently(8, n -> {
      if (store.inTenant(t, (TenantTx tx) -> tx.resumable().advance(u.id(), 0, 100 + n, null, null, null))) {
        winners.incrementAndGet();
      }
    });
    assertThat(winners.get()).isEqualTo(1);
  }

  @Test
  void resumablePartsAreKeptInOrderDroppedAndDeletedWithTheUpload() {
    TenantId t = createTenant();
    TenantId other = createTenant();
    BucketName photos = createBucket(t, "photos");
    ResumableUpload u = resumable(photos, "raw/parts.bin", 30L, null, T0.plusSeconds(3600));
    ResumablePart p0 = new ResumablePart(0, 10, newBlob());
    ResumablePart p10 = new ResumablePart(10, 10, newBlob());
    ResumablePart p20 = new ResumablePart(20, 10, newBlob());
    inTenant(t, tx -> {
      tx.resumable().insert(u);
      tx.resumable().addPart(u.id(), p20);
      tx.resumable().addPart(u.id(), p0);
      tx.resumable().addPart(u.id(), p10);
    });
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().parts(u.id()))).containsExactly(p0, p10, p20);
    assertThat(store.inTenant(other, (TenantTx tx) -> tx.resumable().parts(u.id()))).isEmpty();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().dropParts(u.id(), 20))).containsExactly(p20);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().parts(u.id()))).containsExactly(p0, p10);
    assertThat(store.inTenant(other, (TenantTx tx) -> tx.resumable().delete(u.id()))).isFalse();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().find(u.id()))).isPresent();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().delete(u.id()))).isTrue();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().delete(u.id()))).as("deleted once").isFalse();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().find(u.id()))).isEmpty();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().parts(u.id()))).isEmpty();

    ResumableUpload left = resumable(photos, "raw/left.bin", 30L, null, T0.plusSeconds(3600));
    inTenant(t, tx -> {
      tx.resumable().insert(left);
      tx.resumable().addPart(left.id(), p0);
    });
    global(tx -> tx.tenants().delete(t));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().find(left.id()))).isEmpty();
  }

  @Test
  void assembledPartsAreKeptByNumberDroppedAndDeletedWithTheUpload() {
    TenantId t = createTenant();
    TenantId other = createTenant();
    BucketName photos = createBucket(t, "photos");
    ResumableUpload u = new ResumableUpload("tus_" + random(32), newObjectId(), photos, new ObjectKey("raw/big.bin"), 30L, 0,
        "application/octet-stream", Map.of(), null, newBlob(), "assembly-" + random(8), null, T0.plusSeconds(3600), T0,
        null, null, null, null);
    MultipartBlobs.Part p1 = new MultipartBlobs.Part(1, 10, "\"e1\"");
    MultipartBlobs.Part p2 = new MultipartBlobs.Part(2, 10, "\"e2\"");
    MultipartBlobs.Part p3 = new MultipartBlobs.Part(3, 5, "\"e3\"");
    inTenant(t, tx -> {
      tx.resumable().insert(u);
      tx.resumable().addAssembled(u.id(), p3);
      tx.resumable().addAssembled(u.id(), p1);
      tx.resumable().addAssembled(u.id(), p2);
    });
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().find(u.id()))).contains(u);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().assembled(u.id()))).containsExactly(p1, p2, p3);
    assertThat(store.inTenant(other, (TenantTx tx) -> tx.resumable().assembled(u.id()))).isEmpty();
    inTenant(t, tx -> tx.resumable().dropAssembled(u.id(), 2));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().assembled(u.id()))).containsExactly(p1);
    inTenant(t, tx -> tx.resumable().delete(u.id()));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().assembled(u.id()))).isEmpty();

    ResumableUpload left = new ResumableUpload("tus_" + random(32), newObjectId(), photos, new ObjectKey("raw/left.bin"),
        30L, 0, "application/octet-stream", Map.of(), null, newBlob(), "assembly", null, T0.plusSeconds(3600), T0, null, null, null,
        null);
    inTenant(t, tx -> {
      tx.resumable().insert(left);
      tx.resumable().addAssembled(left.id(), p1);
    });
    global(tx -> tx.tenants().delete(t));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.resumable().find(left.id()))).isEmpty();
  }

  @Test
  void expiredResumableUploadsAreListedAcrossTenants() {
    TenantId t = createTenant();
    TenantId other = createTenant();
    BucketName a = createBucket(t, "photos");
    BucketName b = createBucket(other, "docs");
    ResumableUpload old1 = resumable(a, "raw/old.bin", 1L, null, T0.minusSeconds(10));
    ResumableUpload old2 = resumable(b, "raw/old.bin", 1L, null, T0.minusSeconds(5));
    ResumableUpload fresh = resumable(a, "raw/fresh.bin", 1L, null, T0.plusSeconds(10));
    inTenant(t, tx -> {
      tx.resumable().insert(old1);
      tx.resumable().insert(fresh);
    });
    inTenant(other, tx -> tx.resumable().insert(old2));
    var expired = store.global((GlobalTx tx) -> tx.resumable().expired(T0, 100));
    assertThat(expired).contains(
        new ResumableRepository.Global.Expired(t, old1.id()), new ResumableRepository.Global.Expired(other, old2.id()));
    assertThat(expired).noneMatch(e -> e.id().equals(fresh.id()));
  }

  // ---- lifecycle --------------------------------------------------------------------------------

  private ObjectInfo objectAt(BucketName bucket, String key, long size, ObjectStatus status, Instant createdAt) {
    return new ObjectInfo(newObjectId(), bucket, new ObjectKey(key), size, "application/octet-stream",
        "\"etag\"", "00".repeat(32), status, Acl.PRIVATE, null, Map.of(), null, null, newBlob(), createdAt, createdAt);
  }

  /** A bucket's usage is kept, not summed: it must follow every row change and every rollback. */
  @Test
  void bucketUsageFollowsInsertsUpdatesDeletesAndRollbacks() {
    TenantId t = createTenant();
    BucketName a = createBucket(t, "photos");
    BucketName b = createBucket(t, "docs");
    ObjectInfo pending = objectAt(a, "wip", 40, ObjectStatus.PENDING, T0);
    ObjectInfo ready = objectAt(a, "one", 10, ObjectStatus.READY, T0);
    inTenant(t, tx -> {
      tx.objects().insert(pending);
      tx.objects().insert(ready);
    });
    assertThat(bucketUsage(t, a)).isEqualTo(new Usage(10, 1));
    // pending -> ready, and a ready row replaced by a bigger one (the overwrite of a key)
    ObjectInfo published = new ObjectInfo(pending.id(), a, pending.key(), 40, pending.contentType(), pending.etag(),
        pending.sha256(), ObjectStatus.READY, pending.acl(), null, Map.of(), null, null, pending.blob(), T0, T0);
    ObjectInfo grown = new ObjectInfo(ready.id(), a, ready.key(), 25, ready.contentType(), ready.etag(),
        ready.sha256(), ObjectStatus.READY, ready.acl(), null, Map.of(), null, null, ready.blob(), T0, T0);
    inTenant(t, tx -> {
      tx.objects().update(published);
      tx.objects().update(grown);
    });
    assertThat(bucketUsage(t, a)).isEqualTo(new Usage(65, 2));
    // a row moved to another bucket counts there
    ObjectInfo moved = new ObjectInfo(ready.id(), b, ready.key(), 25, ready.contentType(), ready.etag(),
        ready.sha256(), ObjectStatus.READY, ready.acl(), null, Map.of(), null, null, ready.blob(), T0, T0);
    inTenant(t, tx -> tx.objects().update(moved));
    assertThat(bucketUsage(t, a)).isEqualTo(new Usage(40, 1));
    assertThat(bucketUsage(t, b)).isEqualTo(new Usage(25, 1));
    // a unit of work that fails changes no counter
    catchThrowable(() -> inTenant(t, tx -> {
      tx.objects().delete(pending.id());
      throw new IllegalStateException("rolled back");
    }));
    assertThat(bucketUsage(t, a)).isEqualTo(new Usage(40, 1));
    inTenant(t, tx -> {
      tx.objects().delete(pending.id());
      tx.objects().delete(pending.id());
    });
    assertThat(bucketUsage(t, a)).isEqualTo(Usage.ZERO);
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.buckets().list()))
        .extracting(dev.silo.core.domain.Bucket::usage)
        .containsExactly(new Usage(25, 1), Usage.ZERO);
  }

  private Usage bucketUsage(TenantId t, BucketName bucket) {
    return store.inTenant(t, (TenantTx tx) -> tx.buckets().find(bucket).orElseThrow().usage());
  }

  private static List<String> ids(List<dev.silo.core.spi.LifecycleRepository.Candidate> candidates, TenantId tenant) {
    return candidates.stream().filter(c -> c.tenant().equals(tenant)).map(dev.silo.core.spi.LifecycleRepository.Candidate::id).toList();
  }

  @Test
  void lifecycleFindsTmpObjectsPendingRowsAndMultipartUploadsOlderThanTheCutoffAcrossTenants() {
    TenantId t = createTenant();
    TenantId other = createTenant();
    BucketName a = createBucket(t, "photos");
    BucketName b = createBucket(other, "docs");
    Instant old = T0.minus(Duration.ofDays(400));
    ObjectInfo oldTmp = objectAt(a, "tmp/obj_1/old.bin", 3, ObjectStatus.READY, old);
    ObjectInfo oldTmpOther = objectAt(b, "tmp/obj_2/old.bin", 3, ObjectStatus.READY, old);
    ObjectInfo freshTmp = objectAt(a, "tmp/obj_3/fresh.bin", 3, ObjectStatus.READY, T0);
    ObjectInfo oldRaw = objectAt(a, "raw/obj_4/old.bin", 3, ObjectStatus.READY, old);
    ObjectInfo tmpLookalike = objectAt(a, "tmp0/old.bin", 3, ObjectStatus.READY, old);
    ObjectInfo oldPending = objectAt(a, "tmp/obj_5/pending.bin", 3, ObjectStatus.PENDING, old);
    ObjectInfo freshPending = objectAt(a, "raw/obj_6/pending.bin", 3, ObjectStatus.PENDING, T0);
    inTenant(t, tx -> {
      for (ObjectInfo o : List.of(oldTmp, freshTmp, oldRaw, tmpLookalike, oldPending, freshPending)) {
        tx.objects().insert(o);
      }
    });
    inTenant(other, tx -> tx.objects().insert(oldTmpOther));
    MultipartUpload oldUpload = new MultipartUpload("mpu_" + random(20), a, new ObjectKey("big.bin"), null, Map.of(), null, old);
    MultipartUpload freshUpload = new MultipartUpload("mpu_" + random(20), a, new ObjectKey("big.bin"), null, Map.of(), null, T0);
    inTenant(t, tx -> {
      tx.multipart().insert(oldUpload);
      tx.multipart().insert(freshUpload);
    });
    Instant cutoff = T0.minusSeconds(1);

    var tmp = store.global((GlobalTx tx) -> tx.lifecycle().tmpObjects(cutoff, 1000));
    assertThat(ids(tmp, t)).containsExactly(oldTmp.id().value());
    assertThat(ids(tmp, other)).containsExactly(oldTmpOther.id().value());
    assertThat(ids(store.global((GlobalTx tx) -> tx.lifecycle().pendingObjects(cutoff, 1000)), t))
        .containsExactly(oldPending.id().value());
    assertThat(ids(store.global((GlobalTx tx) -> tx.lifecycle().multipartUploads(cutoff, 1000)), t))
        .containsExactly(oldUpload.uploadId());
    assertThat(store.global((GlobalTx tx) -> tx.lifecycle().tmpObjects(cutoff, 1))).hasSize(1);
  }

  @Test
  void idleS3CredentialsAreListedUnlessRevokedOrUsedSinceTheCutoff() {
    TenantId t = createTenant();
    Instant old = T0.minus(Duration.ofDays(400));
    S3Credential neverUsed = new S3Credential("SILO1" + random(15).toUpperCase(), t, "old", null, old, null, null);
    S3Credential usedLately = new S3Credential("SILO1" + random(15).toUpperCase(), t, "used", null, old, T0, null);
    S3Credential usedLongAgo = new S3Credential("SILO1" + random(15).toUpperCase(), t, "stale", null, old, old.plusSeconds(5), null);
    S3Credential revoked = new S3Credential("SILO1" + random(15).toUpperCase(), t, "gone", null, old, null, old.plusSeconds(9));
    S3Credential fresh = new S3Credential("SILO1" + random(15).toUpperCase(), t, "new", null, T0, null, null);
    inTenant(t, tx -> {
      for (S3Credential c : List.of(neverUsed, usedLately, usedLongAgo, revoked, fresh)) {
        tx.s3Credentials().insert(c);
      }
    });
    assertThat(ids(store.global((GlobalTx tx) -> tx.lifecycle().idleS3Credentials(T0.minusSeconds(1), 1000)), t))
        .containsExactly(neverUsed.accessKeyId(), usedLongAgo.accessKeyId());
  }

  @Test
  void reconcilingUsageSetsTheCountersToTheReadyObjectsOfTheTenantOnly() {
    TenantId t = createTenant();
    TenantId other = createTenant();
    BucketName a = createBucket(t, "photos");
    BucketName b = createBucket(other, "docs");
    inTenant(t, tx -> {
      tx.objects().insert(objectAt(a, "one", 10, ObjectStatus.READY, T0));
      tx.objects().insert(objectAt(a, "two", 5, ObjectStatus.READY, T0));
      tx.objects().insert(objectAt(a, "pending", 99, ObjectStatus.PENDING, T0));
      tx.tenant().addUsage(1000, 7); // drifted
    });
    inTenant(other, tx -> {
      tx.objects().insert(objectAt(b, "x", 4, ObjectStatus.READY, T0));
      tx.tenant().addUsage(4, 1);
    });
    var fixed = store.global((GlobalTx tx) -> tx.lifecycle().reconcileUsage(t));
    assertThat(fixed.before()).isEqualTo(new Usage(1000, 7));
    assertThat(fixed.after()).isEqualTo(new Usage(15, 2));
    assertThat(fixed.drifted()).isTrue();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.tenant().usage())).isEqualTo(new Usage(15, 2));
    var same = store.global((GlobalTx tx) -> tx.lifecycle().reconcileUsage(other));
    assertThat(same.drifted()).isFalse();
    assertThat(store.global((GlobalTx tx) -> tx.lifecycle().tenantsAfter("", 100_000))).contains(t, other);
    String first = t.value().compareTo(other.value()) < 0 ? t.value() : other.value();
    assertThat(store.global((GlobalTx tx) -> tx.lifecycle().tenantsAfter(first, 100_000)))
        .allMatch(id -> id.value().compareTo(first) > 0);
  }

  // ---- versions -------------------------------------------------------------------------------

  private static dev.silo.core.spi.StoredVersion version(ObjectInfo o, String id, boolean nullVersion, boolean marker,
      Instant since) {
    return new dev.silo.core.spi.StoredVersion(o.withVersion(new dev.silo.core.domain.Version(id, nullVersion)), marker, since);
  }

  private static String vid(long millis, String tail) {
    return String.format("%012x", millis) + (tail + "0".repeat(20)).substring(0, 20);
  }

  @Test
  void versionsRoundTripAndAreListedByKeyThenNewestFirst() {
    TenantId t = createTenant();
    BucketName a = createBucket(t, "photos");
    ObjectInfo k1 = objectAt(a, "k\u00e9", 10, ObjectStatus.READY, T0);
    ObjectInfo k2 = objectAt(a, "k\uD83D\uDE00", 20, ObjectStatus.READY, T0);
    var older = version(k1, vid(1, "a"), true, false, T0);
    var newer = version(k1, vid(2, "b"), false, false, T0);
    var marker = version(k1, vid(3, "c"), false, true, T0);
    var other = version(k2, vid(1, "d"), false, false, T0);
    inTenant(t, tx -> {
      for (var v : List.of(older, newer, marker, other)) {
        tx.versions().insert(v);
      }
    });
    assertThatThrownBy(() -> inTenant(t, tx -> tx.versions().insert(older))).isInstanceOf(DuplicateException.class);
    store.inTenant(t, (TenantTx tx) -> {
      assertThat(tx.versions().find(a, k1.key(), newer.versionId())).contains(newer);
      assertThat(tx.versions().findNull(a, k1.key())).contains(older);
      assertThat(tx.versions().newest(a, k1.key())).contains(marker);
      // a version listing's rows: as a listing reads an object, no blob
      assertThat(tx.versions().scan(a, "", null, true, 10))
          .containsExactly(marker.listed(), newer.listed(), older.listed(), other.listed());
      assertThat(tx.versions().scan(a, k1.key().value(), newer.versionId(), false, 10))
          .containsExactly(older.listed(), other.listed());
      assertThat(tx.versions().scan(a, k1.key().value(), null, false, 10)).containsExactly(other.listed());
      assertThat(tx.versions().scan(a, "", null, true, 2)).containsExactly(marker.listed(), newer.listed());
      assertThat(older.object().blob()).isNotNull();
      assertThat(tx.versions().scan(a, "", null, true, 10)).allSatisfy(v -> assertThat(v.object().blob()).isNull());
      // a marker counts nothing; versions count in the bucket as current objects do
      assertThat(tx.versions().noncurrentUsage()).isEqualTo(new Usage(40, 3));
      return null;
    });
    assertThat(bucketUsage(t, a)).isEqualTo(new Usage(40, 3));
    inTenant(t, tx -> {
      tx.versions().delete(a, k1.key(), newer.versionId());
      tx.versions().delete(a, k1.key(), newer.versionId());
      tx.versions().delete(a, k1.key(), marker.versionId());
    });
    assertThat(bucketUsage(t, a)).isEqualTo(new Usage(30, 2));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.versions().anyInBucket(a, 10))).containsExactly(older, other);
  }

  @Test
  void expiryFindsOldNoncurrentVersionsAndOrphanMarkers() {
    TenantId t = createTenant();
    BucketName a = createBucket(t, "photos");
    ObjectInfo live = objectAt(a, "live", 5, ObjectStatus.READY, T0);
    ObjectInfo gone = objectAt(a, "gone", 5, ObjectStatus.READY, T0);
    Instant old = T0.minus(Duration.ofDays(40));
    var oldVersion = version(live, vid(1, "a"), false, false, old);
    var freshVersion = version(live, vid(2, "b"), false, false, T0);
    var oldMarkerUnderCurrent = version(live, vid(3, "c"), false, true, old);
    var orphan = version(gone, vid(4, "d"), false, true, old);
    inTenant(t, tx -> {
      tx.objects().insert(live);
      for (var v : List.of(oldVersion, freshVersion, oldMarkerUnderCurrent, orphan)) {
        tx.versions().insert(v);
      }
    });
    store.inTenant(t, (TenantTx tx) -> {
      assertThat(noncurrentIn(tx, a, under(""), T0.minus(Duration.ofDays(30)), 10))
          .containsExactlyInAnyOrder(oldVersion, oldMarkerUnderCurrent);
      assertThat(tx.versions().orphanMarkers(a, "", null, 1000, 10).versions()).containsExactly(orphan);
      assertThat(noncurrentIn(tx, a, under("li"), T0.minus(Duration.ofDays(30)), 10))
          .containsExactlyInAnyOrder(oldVersion, oldMarkerUnderCurrent);
      assertThat(noncurrentIn(tx, a, under("go"), T0.minus(Duration.ofDays(30)), 10)).isEmpty();
      assertThat(tx.versions().orphanMarkers(a, "gone", null, 1000, 10).versions()).containsExactly(orphan);
      assertThat(tx.versions().orphanMarkers(a, "gone/", null, 1000, 10).versions()).isEmpty();
      // walked: a stretch of one row at a time reaches the marker behind the other rows, then the end
      var walk = tx.versions().orphanMarkers(a, "", null, 1, 10);
      List<dev.silo.core.spi.StoredVersion> seen = new ArrayList<>(walk.versions());
      int stretches = 1;
      while (walk.resumeAfter() != null) {
        walk = tx.versions().orphanMarkers(a, "", walk.resumeAfter(), 1, 10);
        seen.addAll(walk.versions());
        stretches++;
      }
      assertThat(seen).containsExactly(orphan);
      assertThat(stretches).as("one stretch per row, then the empty one past the last").isEqualTo(5);
      return null;
    });
  }

  /** S3 tags ride with an object's row, a stored version's and a multipart upload's, and change in place. */
  @Test
  void tagsAreKeptWithObjectsVersionsAndUploads() {
    TenantId t = createTenant();
    BucketName a = createBucket(t, "photos");
    var tags = new dev.silo.core.domain.ObjectTags(Map.of("team", "data eng", "state", "a=b+c/d@e"));
    ObjectInfo o = objectAt(a, "k", 1, ObjectStatus.READY, T0).withTags(tags);
    var v = version(objectAt(a, "k", 2, ObjectStatus.READY, T0).withTags(tags), vid(1, "a"), false, false, T0);
    MultipartUpload u = new MultipartUpload("mpu_" + random(20), a, new ObjectKey("big"), null, Map.of(), null, T0, null, null, tags);
    inTenant(t, tx -> {
      tx.objects().insert(o);
      tx.versions().insert(v);
      tx.multipart().insert(u);
    });
    store.inTenant(t, (TenantTx tx) -> {
      assertThat(tx.objects().find(a, o.key()).orElseThrow().tags()).isEqualTo(tags);
      assertThat(tx.versions().find(a, o.key(), v.versionId()).orElseThrow().object().tags()).isEqualTo(tags);
      assertThat(tx.multipart().find(u.uploadId()).orElseThrow().tags()).isEqualTo(tags);
      return null;
    });
    inTenant(t, tx -> {
      tx.objects().update(o.withTags(dev.silo.core.domain.ObjectTags.NONE));
      tx.versions().setTags(a, o.key(), v.versionId(), new dev.silo.core.domain.ObjectTags(Map.of("old", "yes")));
    });
    store.inTenant(t, (TenantTx tx) -> {
      assertThat(tx.objects().find(a, o.key()).orElseThrow().tags().isEmpty()).isTrue();
      assertThat(tx.versions().find(a, o.key(), v.versionId()).orElseThrow().object().tags().tags()).containsExactly(Map.entry("old", "yes"));
      return null;
    });
  }

  /** An object's checksum rides with its row and a stored version's; an upload keeps its kind, a part its own. */
  @Test
  void checksumsAreKeptWithObjectsVersionsUploadsAndParts() {
    TenantId t = createTenant();
    BucketName a = createBucket(t, "photos");
    Checksum full = Checksum.full(ChecksumAlgorithm.CRC64NVME, ChecksumAlgorithm.CRC64NVME.of(new byte[] {1, 2, 3}));
    Checksum composite = new Checksum(ChecksumAlgorithm.SHA1, Checksum.Type.COMPOSITE,
        java.util.Base64.getEncoder().encodeToString(new byte[20]) + "-12");
    SystemFacts multipart = new SystemFacts("0123456789abcdef0123456789abcdef-12", 12, List.of(), null, false).withChecksum(composite);
    ObjectInfo o = withFacts(objectAt(a, "k", 1, ObjectStatus.READY, T0), SystemFacts.NONE.withChecksum(full));
    var v = version(withFacts(objectAt(a, "k", 2, ObjectStatus.READY, T0), multipart), vid(1, "a"), false, false, T0);
    Checksum.Kind kind = new Checksum.Kind(ChecksumAlgorithm.CRC32, Checksum.Type.FULL_OBJECT);
    MultipartUpload u = new MultipartUpload("mpu_" + random(20), a, new ObjectKey("big"), null, Map.of(), null, T0, null, null,
        dev.silo.core.domain.ObjectTags.NONE, kind, null);
    Checksum partSum = Checksum.full(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32.of(new byte[5]));
    UploadedPart part = new UploadedPart(1, 5, "00112233445566778899aabbccddeeff", newBlob(), T0).withChecksum(partSum);
    inTenant(t, tx -> {
      tx.objects().insert(o);
      tx.versions().insert(v);
      tx.multipart().insert(u);
      tx.multipart().putPart(u.uploadId(), part);
    });
    store.inTenant(t, (TenantTx tx) -> {
      assertThat(tx.objects().find(a, o.key()).orElseThrow().facts().checksum()).isEqualTo(full);
      assertThat(tx.versions().find(a, o.key(), v.versionId()).orElseThrow().object().facts().checksum()).isEqualTo(composite);
      assertThat(tx.multipart().find(u.uploadId()).orElseThrow().checksum()).isEqualTo(kind);
      assertThat(tx.multipart().parts(u.uploadId(), 0, 10)).extracting(UploadedPart::checksum).containsExactly(partSum);
      return null;
    });
    inTenant(t, tx -> {
      tx.objects().update(withFacts(o, SystemFacts.NONE));
      tx.multipart().putPart(u.uploadId(), part.withChecksum(null));
    });
    store.inTenant(t, (TenantTx tx) -> {
      assertThat(tx.objects().find(a, o.key()).orElseThrow().facts().checksum()).isNull();
      assertThat(tx.multipart().parts(u.uploadId(), 0, 10)).extracting(UploadedPart::checksum).containsOnlyNulls();
      return null;
    });
  }

  /** A version's object lock rides with its row and a stored version's, and changes in place; a bucket keeps its configuration and tags. */
  @Test
  void objectLocksAreKeptWithObjectsVersionsUploadsAndBuckets() {
    TenantId t = createTenant();
    BucketName a = createBucket(t, "vault");
    BucketName plain = createBucket(t, "plain");
    ObjectLock retained = new ObjectLock(ObjectLock.Mode.COMPLIANCE, Instant.parse("2030-01-01T00:00:00Z"), false);
    ObjectLock held = new ObjectLock(null, null, true);
    ObjectInfo o = objectAt(a, "k", 1, ObjectStatus.READY, T0).withLock(retained);
    var v = version(objectAt(a, "k", 2, ObjectStatus.READY, T0).withLock(held), vid(1, "a"), false, false, T0);
    MultipartUpload u = new MultipartUpload("mpu_" + random(20), a, new ObjectKey("big"), null, Map.of(), null, T0, null, null,
        dev.silo.core.domain.ObjectTags.NONE, null, retained);
    ObjectLock.Configuration config = new ObjectLock.Configuration(ObjectLock.Mode.GOVERNANCE, null, 7);
    inTenant(t, tx -> {
      tx.objects().insert(o);
      tx.versions().insert(v);
      tx.multipart().insert(u);
      tx.buckets().setObjectLock(a, config);
      tx.buckets().setTags(a, new dev.silo.core.domain.BucketTags(Map.of("team", "data eng")));
    });
    store.inTenant(t, (TenantTx tx) -> {
      assertThat(tx.objects().find(a, o.key()).orElseThrow().lock()).isEqualTo(retained);
      assertThat(tx.versions().find(a, o.key(), v.versionId()).orElseThrow().object().lock()).isEqualTo(held);
      assertThat(tx.multipart().find(u.uploadId()).orElseThrow().lock()).isEqualTo(retained);
      assertThat(tx.buckets().find(a).orElseThrow().objectLock()).isEqualTo(config);
      assertThat(tx.buckets().find(a).orElseThrow().tags().tags()).as("and its tags").containsExactly(Map.entry("team", "data eng"));
      return null;
    });
    inTenant(t, tx -> tx.versions().setLock(a, o.key(), v.versionId(), held.withRetention(
        ObjectLock.Mode.GOVERNANCE, Instant.parse("2031-01-01T00:00:00Z"), T0, false)));
    store.inTenant(t, (TenantTx tx) -> {
      assertThat(tx.versions().find(a, o.key(), v.versionId()).orElseThrow().object().lock())
          .isEqualTo(new ObjectLock(ObjectLock.Mode.GOVERNANCE, Instant.parse("2031-01-01T00:00:00Z"), true));
      assertThat(tx.buckets().find(plain).orElseThrow().objectLock()).isNull();
      return null;
    });
  }

  /** A bucket's CORS rules and lifecycle walks are kept with it, each changed alone, and go with it. */
  @Test
  void bucketCorsRulesAndLifecycleWalksAreKeptWithTheBucket() {
    TenantId t = createTenant();
    BucketName a = createBucket(t, "site");
    var rules = new dev.silo.core.domain.CorsRules(List.of(
        new dev.silo.core.domain.CorsRules.Rule("app & more", List.of("https://app.example", "https://*.example.org"), List.of("GET", "PUT"),
            List.of("content-type", "x-amz-*"), List.of("ETag"), 3000),
        new dev.silo.core.domain.CorsRules.Rule(null, List.of("*"), List.of("GET"), List.of(), List.of(), null)));
    var walks = dev.silo.core.domain.LifecycleWalks.NONE.with("keys/r1", "photos/2026 & more=").with("versions/r1", "v1 k");
    inTenant(t, tx -> {
      tx.buckets().setCors(a, rules);
      tx.buckets().setWalks(a, walks);
    });
    store.inTenant(t, (TenantTx tx) -> {
      assertThat(tx.buckets().find(a).orElseThrow().cors()).isEqualTo(rules);
      assertThat(tx.buckets().walks(a)).isEqualTo(walks);
      return null;
    });
    inTenant(t, tx -> tx.buckets().setLifecycle(a, dev.silo.core.domain.Lifecycle.NONE));
    store.inTenant(t, (TenantTx tx) -> {
      assertThat(tx.buckets().walks(a)).as("new rules walk from the start").isEqualTo(dev.silo.core.domain.LifecycleWalks.NONE);
      assertThat(tx.buckets().find(a).orElseThrow().cors()).as("untouched").isEqualTo(rules);
      return null;
    });
    inTenant(t, tx -> tx.buckets().setCors(a, dev.silo.core.domain.CorsRules.NONE));
    store.inTenant(t, (TenantTx tx) -> {
      assertThat(tx.buckets().find(a).orElseThrow().cors().isEmpty()).isTrue();
      assertThat(tx.buckets().walks(new BucketName("nosuchbucket"))).isEqualTo(dev.silo.core.domain.LifecycleWalks.NONE);
      return null;
    });
  }

  private static ObjectInfo withFacts(ObjectInfo o, SystemFacts facts) {
    return new ObjectInfo(o.id(), o.bucket(), o.key(), o.size(), o.contentType(), o.etag(), o.sha256(), o.status(), o.acl(),
        o.folder(), o.metadata(), o.headers(), facts, o.blob(), o.createdAt(), o.updatedAt(), o.version(), o.tags(), o.lock());
  }

  /**
   * What a lifecycle rule expires of the current objects: a stretch of the keys under its prefix at
   * a time, the ready ones it covers modified before the cutoff, and where the walk goes on.
   */
  @Test
  void aRulesWalkFindsOldObjectsAStretchOfKeysAtATime() {
    TenantId t = createTenant();
    TenantId other = createTenant();
    BucketName a = createBucket(t, "photos");
    BucketName b = createBucket(t, "other");
    createBucket(other, "photos");
    Instant old = T0.minus(Duration.ofDays(10));
    ObjectInfo logs1 = objectAt(a, "logs/1", 1, ObjectStatus.READY, old);
    ObjectInfo logs2 = objectAt(a, "logs/2", 1, ObjectStatus.READY, old);
    ObjectInfo fresh = objectAt(a, "logs/3", 1, ObjectStatus.READY, T0);
    ObjectInfo pending = objectAt(a, "logs/4", 1, ObjectStatus.PENDING, old);
    ObjectInfo sibling = objectAt(a, "logs0", 1, ObjectStatus.READY, old); // '0' follows '/': outside "logs/"
    ObjectInfo unicode = objectAt(a, "logs/\u00e9t\u00e9", 1, ObjectStatus.READY, old);
    ObjectInfo astral = objectAt(a, "\uDBFF\uDFFF", 1, ObjectStatus.READY, old);
    ObjectInfo elsewhere = objectAt(b, "logs/1", 1, ObjectStatus.READY, old);
    inTenant(t, tx -> {
      for (ObjectInfo o : List.of(logs1, logs2, fresh, pending, sibling, unicode, astral, elsewhere)) {
        tx.objects().insert(o);
      }
    });
    inTenant(other, tx -> tx.objects().insert(objectAt(new BucketName("photos"), "logs/0", 1, ObjectStatus.READY, old)));
    Instant cutoff = T0.minusSeconds(1);
    store.inTenant(t, (TenantTx tx) -> {
      var all = tx.objects().expiring(a, under("logs/"), null, cutoff, 100, 100);
      assertThat(all.objects()).containsExactly(logs1, logs2, unicode);
      assertThat(all.resumeAfter()).as("the walk reached the prefix's end").isNull();
      var limited = tx.objects().expiring(a, under("logs/"), null, cutoff, 100, 2);
      assertThat(limited.objects()).containsExactly(logs1, logs2);
      assertThat(limited.resumeAfter()).isEqualTo("logs/2");
      // a stretch of three keys: logs/1, logs/2, logs/3 (young), then the next of three: logs/4 (pending), logs/été
      var first = tx.objects().expiring(a, under("logs/"), null, cutoff, 3, 100);
      assertThat(first.objects()).containsExactly(logs1, logs2);
      assertThat(first.resumeAfter()).isEqualTo("logs/3");
      var next = tx.objects().expiring(a, under("logs/"), first.resumeAfter(), cutoff, 3, 100);
      assertThat(next.objects()).containsExactly(unicode);
      assertThat(next.resumeAfter()).isNull();
      assertThat(tx.objects().expiring(a, under("logs/"), null, T0.plusSeconds(1), 100, 100).objects())
          .containsExactly(logs1, logs2, fresh, unicode);
      assertThat(tx.objects().expiring(a, under(""), null, cutoff, 100, 100).objects())
          .containsExactly(logs1, logs2, unicode, sibling, astral);
      assertThat(tx.objects().expiring(a, under("\uDBFF\uDFFF"), null, cutoff, 100, 100).objects()).containsExactly(astral);
      return null;
    });
  }

  /** What a lifecycle rule expires of the noncurrent versions: those under its prefix, by when they stopped being current. */
  @Test
  void noncurrentVersionsAreFoundUnderAPrefix() {
    TenantId t = createTenant();
    TenantId other = createTenant();
    BucketName a = createBucket(t, "photos");
    BucketName b = createBucket(t, "other");
    createBucket(other, "photos");
    Instant old = T0.minus(Duration.ofDays(10));
    var logs1 = noncurrent(a, "logs/1", 1, old);
    var logs2 = noncurrent(a, "logs/2", 2, old);
    var fresh = noncurrent(a, "logs/3", 3, T0);
    var sibling = noncurrent(a, "logs0", 4, old); // '0' follows '/': outside "logs/"
    var unicode = noncurrent(a, "logs/\u00e9t\u00e9", 5, old);
    var astral = noncurrent(a, "\uDBFF\uDFFF", 6, old);
    var elsewhere = noncurrent(b, "logs/1", 7, old);
    inTenant(t, tx -> {
      for (var v : List.of(logs1, logs2, fresh, sibling, unicode, astral, elsewhere)) {
        tx.versions().insert(v);
      }
    });
    inTenant(other, tx -> tx.versions().insert(noncurrent(new BucketName("photos"), "logs/1", 8, old)));
    store.inTenant(t, (TenantTx tx) -> {
      assertThat(noncurrentIn(tx, a, under("logs/"), T0.minusSeconds(1), 10)).containsExactlyInAnyOrder(logs1, logs2, unicode);
      assertThat(noncurrentIn(tx, a, under("logs/"), T0.minusSeconds(1), 2)).hasSize(2);
      assertThat(noncurrentIn(tx, a, under("logs/"), T0.plusSeconds(1), 10))
          .containsExactlyInAnyOrder(logs1, logs2, fresh, unicode);
      assertThat(noncurrentIn(tx, a, under(""), T0.minusSeconds(1), 10))
          .containsExactlyInAnyOrder(logs1, logs2, unicode, sibling, astral);
      assertThat(noncurrentIn(tx, a, under("\uDBFF\uDFFF"), T0.minusSeconds(1), 10)).containsExactly(astral);
      // a stretch of two rows at a time, in listing order: logs/1 and logs/2, then logs/3 (young) and logs/été
      var first = tx.versions().noncurrent(a, under("logs/"), null, T0.minusSeconds(1), 2, 100);
      assertThat(first.versions()).containsExactly(logs1, logs2);
      assertThat(first.resumeAfter()).isEqualTo(new dev.silo.core.spi.VersionRepository.Position("logs/2", logs2.versionId()));
      var second = tx.versions().noncurrent(a, under("logs/"), first.resumeAfter(), T0.minusSeconds(1), 2, 100);
      assertThat(second.versions()).containsExactly(unicode);
      var last = tx.versions().noncurrent(a, under("logs/"), second.resumeAfter(), T0.minusSeconds(1), 2, 100);
      assertThat(last.versions()).isEmpty();
      assertThat(last.resumeAfter()).as("the end").isNull();
      var limited = tx.versions().noncurrent(a, under("logs/"), null, T0.minusSeconds(1), 100, 1);
      assertThat(limited.versions()).containsExactly(logs1);
      assertThat(limited.resumeAfter()).isEqualTo(dev.silo.core.spi.VersionRepository.Position.of(logs1));
      return null;
    });
  }

  /** What a rule's walk of the bucket's versions finds in one stretch long enough for them all. */
  private static List<dev.silo.core.spi.StoredVersion> noncurrentIn(TenantTx tx, BucketName bucket, LifecycleRule rule, Instant before, int limit) {
    return tx.versions().noncurrent(bucket, rule, null, before, 1000, limit).versions();
  }

  private dev.silo.core.spi.StoredVersion noncurrent(BucketName bucket, String key, long n, Instant since) {
    return version(objectAt(bucket, key, n, ObjectStatus.READY, since), vid(n, "v"), false, false, since);
  }

  /** A rule's tags and size bounds narrow what it finds, in the database as in {@link LifecycleRule#covers}. */
  @Test
  void aRulesTagsAndSizesNarrowWhatItFinds() {
    TenantId t = createTenant();
    BucketName a = createBucket(t, "photos");
    Instant old = T0.minus(Duration.ofDays(10));
    var tmp = new ObjectTags(Map.of("state", "tmp", "team", "data eng"));
    ObjectInfo small = objectAt(a, "a", 10, ObjectStatus.READY, old).withTags(tmp);
    ObjectInfo big = objectAt(a, "b", 1000, ObjectStatus.READY, old).withTags(tmp);
    ObjectInfo other = objectAt(a, "c", 10, ObjectStatus.READY, old).withTags(new ObjectTags(Map.of("state", "kept")));
    ObjectInfo bare = objectAt(a, "d", 10, ObjectStatus.READY, old);
    // a value that holds another tag's text, and a key that ends as another's does
    ObjectInfo tricky = objectAt(a, "e", 10, ObjectStatus.READY, old).withTags(new ObjectTags(Map.of("x", "state=tmp", "the state", "tmp")));
    List<dev.silo.core.spi.StoredVersion> versions = new ArrayList<>();
    for (ObjectInfo o : List.of(small, big, other, bare, tricky)) {
      versions.add(version(o, vid(versions.size() + 1, "v"), false, false, old));
    }
    var marker = version(objectAt(a, "c", 0, ObjectStatus.READY, old), vid(9, "m"), false, true, old);
    inTenant(t, tx -> {
      for (ObjectInfo o : List.of(small, big, bare, tricky)) {
        tx.objects().insert(o);
      }
      tx.objects().insert(objectAt(a, "c", 1, ObjectStatus.READY, T0)); // the marker is not the newest of its key
      versions.forEach(tx.versions()::insert);
      tx.versions().insert(marker);
    });
    LifecycleRule byTag = new LifecycleRule("t", true, "", 1, null, false, 1, null, new ObjectTags(Map.of("state", "tmp")), null, null);
    LifecycleRule byBoth = new LifecycleRule("b", true, "", 1, null, false, 1, null, tmp, null, 100L);
    LifecycleRule bySize = new LifecycleRule("s", true, "", 1, null, false, 1, null, null, 50L, null);
    Instant cutoff = T0.minusSeconds(1);
    store.inTenant(t, (TenantTx tx) -> {
      assertThat(tx.objects().expiring(a, byTag, null, cutoff, 100, 100).objects()).containsExactly(small, big);
      assertThat(tx.objects().expiring(a, byBoth, null, cutoff, 100, 100).objects()).containsExactly(small);
      assertThat(tx.objects().expiring(a, bySize, null, cutoff, 100, 100).objects()).containsExactly(big);
      assertThat(noncurrentIn(tx, a, byTag, cutoff, 10)).as("a marker has no tags")
          .containsExactlyInAnyOrder(versions.get(0), versions.get(1));
      assertThat(noncurrentIn(tx, a, byBoth, cutoff, 10)).containsExactly(versions.get(0));
      assertThat(noncurrentIn(tx, a, bySize, cutoff, 10)).containsExactly(versions.get(1));
      assertThat(noncurrentIn(tx, a, under(""), cutoff, 10)).containsAll(versions).contains(marker);
      return null;
    });
    for (ObjectInfo o : List.of(small, big, other, bare, tricky)) {
      assertThat(byTag.covers(o)).as(o.key().value()).isEqualTo(o == small || o == big);
    }
  }

  /** A rule of a prefix alone, expiring anything, as the sweeper's queries take it. */
  private static LifecycleRule under(String prefix) {
    return new LifecycleRule("under", true, prefix, 1, null, false, 1, null);
  }

  @Test
  void aSharedBlobIsReleasedOncePerExtraReference() {
    TenantId t = createTenant();
    TenantId other = createTenant();
    BlobName blob = newBlob();
    inTenant(t, tx -> {
      tx.versions().shareBlob(blob);
      tx.versions().shareBlob(blob);
    });
    assertThat(store.inTenant(other, (TenantTx tx) -> tx.versions().releaseBlob(blob))).isFalse();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.versions().releaseBlob(blob))).isTrue();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.versions().releaseBlob(blob))).isTrue();
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.versions().releaseBlob(blob))).isFalse();
  }

  @Test
  void bucketVersioningAndLifecycleAreKeptAndRuledBucketsListed() {
    TenantId t = createTenant();
    BucketName a = createBucket(t, "photos");
    BucketName plain = createBucket(t, "plain");
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.buckets().find(a).orElseThrow().versioning()))
        .isEqualTo(dev.silo.core.domain.Versioning.OFF);
    var lifecycle = new dev.silo.core.domain.Lifecycle(List.of(
        new dev.silo.core.domain.LifecycleRule("logs & more", true, "logs/\u00e9=&%\n", 7, null, false, null, 2),
        new dev.silo.core.domain.LifecycleRule("off", false, "", null, java.time.LocalDate.parse("2030-01-01"), false, 3, null),
        new dev.silo.core.domain.LifecycleRule("markers", true, "", null, null, true, null, null)));
    inTenant(t, tx -> {
      tx.buckets().setVersioning(a, dev.silo.core.domain.Versioning.ENABLED);
      tx.buckets().setLifecycle(a, lifecycle);
    });
    var b = store.inTenant(t, (TenantTx tx) -> tx.buckets().find(a).orElseThrow());
    assertThat(b.versioning()).isEqualTo(dev.silo.core.domain.Versioning.ENABLED);
    assertThat(b.lifecycle()).isEqualTo(lifecycle);
    assertThat(store.global((GlobalTx tx) -> tx.lifecycle().ruledBuckets()))
        .contains(new dev.silo.core.spi.LifecycleRepository.RuledBucket(t, a, lifecycle))
        .noneMatch(r -> r.tenant().equals(t) && r.bucket().equals(plain));
    inTenant(t, tx -> tx.buckets().setVersioning(a, dev.silo.core.domain.Versioning.SUSPENDED));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.buckets().find(a).orElseThrow().lifecycle()))
        .as("versioning leaves the rules").isEqualTo(lifecycle);
    inTenant(t, tx -> tx.buckets().setLifecycle(a, dev.silo.core.domain.Lifecycle.NONE));
    assertThat(store.global((GlobalTx tx) -> tx.lifecycle().ruledBuckets())).noneMatch(e -> e.tenant().equals(t));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.buckets().find(a).orElseThrow().versioning()))
        .isEqualTo(dev.silo.core.domain.Versioning.SUSPENDED);
  }

  @Test
  void versionsAreTheTenantsOwnCountedByReconciliationAndGoWithTheTenant() {
    TenantId t = createTenant();
    TenantId other = createTenant();
    BucketName a = createBucket(t, "photos");
    createBucket(other, "photos");
    ObjectInfo o = objectAt(a, "k", 7, ObjectStatus.READY, T0);
    var v = version(o, vid(1, "a"), false, false, T0);
    inTenant(t, tx -> {
      tx.objects().insert(o);
      tx.versions().insert(v);
      tx.versions().insert(version(o, vid(2, "b"), false, true, T0));
      tx.tenant().addUsage(1, 1); // drifted
    });
    store.inTenant(other, (TenantTx tx) -> {
      assertThat(tx.versions().find(a, o.key(), v.versionId())).isEmpty();
      assertThat(tx.versions().scan(a, "", null, true, 10)).isEmpty();
      assertThat(tx.versions().noncurrentUsage()).isEqualTo(Usage.ZERO);
      return null;
    });
    var fixed = store.global((GlobalTx tx) -> tx.lifecycle().reconcileUsage(t));
    assertThat(fixed.after()).isEqualTo(new Usage(14, 2));
    assertThat(bucketUsage(t, a)).isEqualTo(new Usage(14, 2));
    store.global((GlobalTx tx) -> {
      tx.tenants().delete(t);
      return null;
    });
    global(tx -> tx.tenants().insert(new Tenant(t, new TenantSlug("t-" + random(12)), "again", TenantStatus.ACTIVE,
        Limits.DEFAULT, T0, T0)));
    assertThat(store.inTenant(t, (TenantTx tx) -> tx.versions().noncurrentUsage())).isEqualTo(Usage.ZERO);
  }

  // ---- blob cleanup ---------------------------------------------------------------------------

  @Test
  void cleanupRowsAreScheduledCancelledAndSweptWhenDue() {
    TenantId t = createTenant();
    TenantId other = createTenant();
    BlobName now1 = newBlob();
    BlobName later = newBlob();
    BlobName now2 = newBlob();
    StorageSpace space = new StorageSpace("silo-dev-tenant-x", "tenants/x/");
    long id1 = store.inTenant(t, (TenantTx tx) -> tx.cleanup().schedule(space, now1, T0));
    long id2 = store.inTenant(t, (TenantTx tx) ->
            tx.cleanup().schedule(space, later, T0.plusSeconds(60)));
    long id3 = store.inTenant(t, (TenantTx tx) -> tx.cleanup().schedule(space, now2, T0));
    assertThat(id2).isGreaterThan(id1);
    assertThat(id3).isGreaterThan(id2);

    assertThat(store.global((GlobalTx tx) -> tx.cleanup().due(T0.minusMillis(1), 10))).isEmpty();
    assertThat(store.global((GlobalTx tx) -> tx.cleanup().due(T0, 10)))
        .containsExactly(
            new CleanupRepository.Entry(id1, t.value(), space, now1, T0),
            new CleanupRepository.Entry(id3, t.value(), space, now2, T0));
    assertThat(store.global((GlobalTx tx) -> tx.cleanup().due(T0.plusSeconds(60), 10)))
        .extracting(CleanupRepository.Entry::id)
        .containsExactly(id1, id2, id3);
    assertThat(store.global((GlobalTx tx) -> tx.cleanup().due(T0.plusSeconds(60), 2)))
        .extracting(CleanupRepository.Entry::id)
        .containsExactly(id1, id2);

    inTenant(other, tx -> tx.cleanup().cancel(now1)); // not its blob
    inTenant(t, tx -> tx.cleanup().cancel(now1));
    global(tx -> tx.cleanup().remove(id2));
    assertThat(store.global((GlobalTx tx) -> tx.cleanup().due(T0.plusSeconds(60), 10)))
        .extracting(CleanupRepository.Entry::id)
        .containsExactly(id3);
  }

  // ---- audit ----------------------------------------------------------------------------------

  @Test
  void auditIsPagedOldestFirstWithFilters() {
    TenantId a = createTenant();
    TenantId b = createTenant();
    List<String> actions =
        List.of("object.put", "object.delete", "object.put", "object.delete", "object.put");
    for (int i = 0; i < actions.size(); i++) {
      AuditRecord r = audit(a.value(), T0.plusSeconds(i), actions.get(i));
      inTenant(a, tx -> tx.journal().audit(r));
      inTenant(b, tx -> tx.journal().audit(audit(b.value(), T0, "key.create")));
    }
    global(tx -> tx.journal().audit(audit(null, T0, "auth.failed")));
    global(tx -> tx.journal().audit(audit(a.value(), T0.plusSeconds(9), "tenant.update")));

    List<AuditRecord> all = store.inTenant(a, (TenantTx tx) ->
            tx.journal().auditPage(0, null, null, 100));
    assertThat(all).extracting(AuditRecord::action)
        .containsExactly("object.put", "object.delete", "object.put", "object.delete",
            "object.put", "tenant.update");
    assertThat(all).extracting(AuditRecord::id).isSorted().doesNotHaveDuplicates();
    assertThat(all.getFirst().id()).isPositive();
    AuditRecord first = all.getFirst();
    assertThat(first)
        .isEqualTo(new AuditRecord(first.id(), a.value(), T0, "key_actor", "object.put",
            "photos/cat.jpg", "success", "req-1", "rest"));

    List<AuditRecord> page1 = store.inTenant(a, (TenantTx tx) ->
            tx.journal().auditPage(0, null, null, 2));
    List<AuditRecord> page2 =
        store.inTenant(a, (TenantTx tx) ->
                tx.journal().auditPage(page1.getLast().id(), null, null, 2));
    List<AuditRecord> page3 =
        store.inTenant(a, (TenantTx tx) ->
                tx.journal().auditPage(page2.getLast().id(), null, null, 10));
    assertThat(page1).containsExactlyElementsOf(all.subList(0, 2));
    assertThat(page2).containsExactlyElementsOf(all.subList(2, 4));
    assertThat(page3).containsExactlyElementsOf(all.subList(4, 6));

    assertThat(store.inTenant(a, (TenantTx tx) ->
            tx.journal().auditPage(0, T0.plusSeconds(3), null, 10)))
        .extracting(AuditRecord::time)
        .containsExactly(T0.plusSeconds(3), T0.plusSeconds(4), T0.plusSeconds(9));
    assertThat(store.inTenant(a, (TenantTx tx) ->
            tx.journal().auditPage(0, null, "object.delete", 10)))
        .containsExactly(all.get(1), all.get(3));

    assertThat(store.global((GlobalTx tx) -> tx.journal().auditPage(null, 0, null, null, 100)))
        .hasSize(12);
    assertThat(store.global((GlobalTx tx) -> tx.journal().auditPage(a.value(), 0, null, null, 100)))
        .containsExactlyElementsOf(all);
    assertThat(store.global((GlobalTx tx) ->
            tx.journal().auditPage(null, 0, null, "auth.failed", 100)))
        .singleElement()
        .extracting(AuditRecord::tenant)
        .isNull();
  }

  @Test
  void auditRetentionPrunesOldRecordsOfEveryTenantInBoundedBatches() {
    TenantId a = createTenant();
    TenantId b = createTenant();
    for (int i = 0; i < 5; i++) {
      AuditRecord r = audit(a.value(), T0.plusSeconds(i), "object.put");
      inTenant(a, tx -> tx.journal().audit(r));
    }
    inTenant(b, tx -> tx.journal().audit(audit(b.value(), T0.plusSeconds(1), "key.create")));
    global(tx -> tx.journal().audit(audit(null, T0.plusSeconds(2), "auth.failed")));
    global(tx -> tx.journal().audit(audit(a.value(), T0.plusSeconds(60), "tenant.update")));

    Instant cutoff = T0.plusSeconds(3); // a's 0..2, b's 1 and the failure at 2 are older: 5 records
    assertThat(store.global((GlobalTx tx) -> tx.journal().pruneAudit(cutoff, 3))).isEqualTo(3);
    assertThat(store.global((GlobalTx tx) -> tx.journal().pruneAudit(cutoff, 3))).isEqualTo(2);
    assertThat(store.global((GlobalTx tx) -> tx.journal().pruneAudit(cutoff, 3))).isZero();
    assertThat(store.global((GlobalTx tx) -> tx.journal().auditPage(null, 0, null, null, 100)))
        .extracting(AuditRecord::time)
        .containsExactly(T0.plusSeconds(3), T0.plusSeconds(4), T0.plusSeconds(60));
  }

  // ---- tenant deletion ------------------------------------------------------------------------

  @Test
  void deletingATenantRemovesItsRowsKeepsItsCleanupAndAuditAndSparesOthers() {
    Tenant doomed = newTenant("doomed");
    Tenant survivor = newTenant("survivor");
    global(tx -> {
      tx.tenants().insert(doomed);
      tx.tenants().insert(survivor);
    });
    BucketName photos = new BucketName("photos");
    Consumer<Tenant> populate = tenant -> inTenant(tenant.id(), tx -> {
      tx.buckets().insert(photos, T0);
      tx.objects().insert(readyObject(photos, "cat.jpg", 10));
      tx.objects().insert(object(photos, newObjectId(), "wip", 0, ObjectStatus.PENDING));
      tx.tenant().addUsage(10, 1);
      tx.keys().insert(newKey(tenant.id(), T0));
      tx.cleanup().schedule(space(), newBlob(), T0);
      tx.journal().audit(audit(tenant.id().value(), T0, "object.put"));
      tx.journal().event(new Event("evt_" + random(20), tenant.id().value(), "object.created",
          T0, "{\"key\":\"cat.jpg\"}"));
    });
    populate.accept(doomed);
    populate.accept(survivor);
    ApiKey doomedKey = store.inTenant(doomed.id(), (TenantTx tx) -> tx.keys().list()).getFirst();
    ApiKey survivorKey = store.inTenant(survivor.id(), (TenantTx tx) ->
            tx.keys().list()).getFirst();

    global(tx -> tx.tenants().delete(doomed.id()));

    assertThat(store.global((GlobalTx tx) -> tx.tenants().find(doomed.id()))).isEmpty();
    assertThat(store.global((GlobalTx tx) -> tx.tenants().findBySlug(doomed.slug()))).isEmpty();
    assertThat(store.global((GlobalTx tx) -> tx.apiKeys().findLive(doomedKey.hash()))).isEmpty();
    assertThatThrownBy(() -> store.inTenant(doomed.id(), (TenantTx tx) -> tx.tenant().get()))
        .isInstanceOf(NotFoundException.class);
    inTenant(doomed.id(), tx -> {
      assertThat(tx.buckets().list()).isEmpty();
      assertThat(tx.objects().count(photos)).isZero();
      assertThat(tx.keys().list()).isEmpty();
    });
    assertThat(store.global((GlobalTx tx) -> tx.cleanup().due(T0, 10)))
        .extracting(CleanupRepository.Entry::tenant)
        .containsExactlyInAnyOrder(doomed.id().value(), survivor.id().value());
    assertThat(store.global((GlobalTx tx) ->
            tx.journal().auditPage(doomed.id().value(), 0, null, null, 10)))
        .hasSize(1);

    inTenant(survivor.id(), tx -> {
      assertThat(tx.tenant().get()).isEqualTo(survivor);
      assertThat(tx.tenant().usage()).isEqualTo(new Usage(10, 1));
      assertThat(tx.objects().count(photos)).isEqualTo(2);
      assertThat(tx.buckets().find(photos).orElseThrow().usage()).isEqualTo(new Usage(10, 1));
    });
    assertThat(store.global((GlobalTx tx) -> tx.apiKeys().findLive(survivorKey.hash())))
        .isPresent();

    // the slug is free again, and its new owner inherits nothing
    Tenant reborn = newTenant("doomed");
    global(tx -> tx.tenants().insert(reborn));
    inTenant(reborn.id(), tx -> {
      assertThat(tx.buckets().list()).isEmpty();
      assertThat(tx.tenant().usage()).isEqualTo(Usage.ZERO);
      assertThat(tx.journal().auditPage(0, null, null, 10)).isEmpty();
    });
  }

  // ---- helpers --------------------------------------------------------------------------------

  @FunctionalInterface
  private interface TenantSteps {
    void run(TenantTx tx);
  }

  @FunctionalInterface
  private interface GlobalSteps {
    void run(GlobalTx tx);
  }

  @FunctionalInterface
  private interface Worker {
    void run(int thread) throws Exception;
  }

  private void inTenant(TenantId tenant, TenantSteps steps) {
    store.inTenant(tenant, (TenantTx tx) -> {
      steps.run(tx);
      return null;
    });
  }

  private void global(GlobalSteps steps) {
    store.global((GlobalTx tx) -> {
      steps.run(tx);
      return null;
    });
  }

  /** Starts every worker at once and fails if any fails or they take more than a minute. */
  private static void runConcurrently(int threads, Worker worker) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int thread = i;
        running.add(pool.submit(() -> {
          start.await();
          worker.run(thread);
          return null;
        }));
      }
      start.countDown();
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      for (Future<?> f : running) {
        f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    }
  }

  /** The keys a scan returns, checked to be those a listing's page returns. */
  private List<String> scanKeys(
      TenantId t, BucketName bucket, String after, boolean inclusive, int limit) {
    List<String> scanned = store.inTenant(t, (TenantTx tx) ->
            tx.objects().scan(bucket, after, inclusive, limit)).stream()
        .map(o -> o.key().value())
        .toList();
    List<String> paged = store.readInTenant(t, (TenantTx tx) ->
            tx.objects().page(bucket, after, inclusive, limit, ListingFields.FULL)).stream()
        .map(o -> o.key().value())
        .toList();
    assertThat(paged).as("a page's keys from %s", after).isEqualTo(scanned);
    return scanned;
  }

  private static int compareUtf8(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertSameKey(ApiKey actual, ApiKey expected) {
    assertThat(actual.id()).isEqualTo(expected.id());
    assertThat(actual.tenant()).isEqualTo(expected.tenant());
    assertThat(actual.name()).isEqualTo(expected.name());
    assertThat(actual.prefix()).isEqualTo(expected.prefix());
    assertThat(actual.hash()).isEqualTo(expected.hash());
    assertThat(actual.scopes()).isEqualTo(expected.scopes());
    assertThat(actual.createdAt()).isEqualTo(expected.createdAt());
    assertThat(actual.lastUsedAt()).isEqualTo(expected.lastUsedAt());
    assertThat(actual.revokedAt()).isEqualTo(expected.revokedAt());
  }

  protected TenantId createTenant() {
    Tenant tenant = newTenant("t-" + random(12));
    global(tx -> tx.tenants().insert(tenant));
    return tenant.id();
  }

  protected BucketName createBucket(TenantId tenant, String name) {
    BucketName bucket = new BucketName(name);
    inTenant(tenant, tx -> tx.buckets().insert(bucket, T0));
    return bucket;
  }

  protected Tenant newTenant(String slug) {
    return new Tenant(newTenantId(), new TenantSlug(slug), "Tenant " + slug, TenantStatus.ACTIVE,
        Limits.DEFAULT, T0, T0);
  }

  protected TenantId newTenantId() {
    return new TenantId(random(20));
  }

  protected ObjectId newObjectId() {
    return new ObjectId("obj_" + random(24));
  }

  protected ApiKeyId newKeyId() {
    return new ApiKeyId("key_" + random(20));
  }

  protected BlobName newBlob() {
    return new BlobName("b" + random(26));
  }

  protected static StorageSpace space() {
    return new StorageSpace("silo-dev-tenant-contract", "");
  }

  protected ApiKey newKey(TenantId tenant, Instant createdAt) {
    byte[] hash = new byte[32];
    random.nextBytes(hash);
    return new ApiKey(newKeyId(), tenant, "ci key", "acme_sk_" + random(4), hash,
        Set.of(Scope.READ, Scope.WRITE), createdAt, null, null);
  }

  protected ObjectInfo readyObject(BucketName bucket, String key, long size) {
    return object(bucket, newObjectId(), key, size, ObjectStatus.READY);
  }

  protected ObjectInfo readyObject(BucketName bucket, ObjectId id, String key) {
    return object(bucket, id, key, 1, ObjectStatus.READY);
  }

  protected ObjectInfo object(
      BucketName bucket, ObjectId id, String key, long size, ObjectStatus status) {
    return new ObjectInfo(id, bucket, new ObjectKey(key), size, "application/octet-stream",
        "\"etag\"", "00".repeat(32), status, Acl.PRIVATE, null, Map.of(), null, null,
        status == ObjectStatus.READY ? newBlob() : null, T0, T0);
  }

  protected static AuditRecord audit(String tenant, Instant time, String action) {
    return new AuditRecord(0, tenant, time, "key_actor", action, "photos/cat.jpg", "success",
        "req-1", "rest");
  }

  protected String random(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
    }
    return s.toString();
  }
}
