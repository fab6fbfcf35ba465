package dev.silo.server.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.testkit.MovableClock;
import dev.silo.core.audit.Journal;
import dev.silo.core.auth.Authenticator;
import dev.silo.core.domain.Acl;
import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectStatus;
import dev.silo.core.domain.S3Credential;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.TenantStatus;
import dev.silo.core.domain.Usage;
import dev.silo.core.lifecycle.LifecycleSweeper;
import dev.silo.core.multipart.MultipartUpload;
import dev.silo.core.multipart.UploadedPart;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.support.IdGenerator;
import dev.silo.core.tenant.TenancyLayout;
import dev.silo.metadata.jdbc.JdbcMetadataStore;
import dev.silo.store.fs.FsBlobStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle sweeps against SQLite and the file store, with a clock the test moves. */
class LifecycleSweeperTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @TempDir Path dir;
  private final MovableClock clock = new MovableClock(T0);
  private MetadataStore metadata;
  private BlobStore blobs;
  private TenancyLayout layout;
  private TenantId tenant;
  private StorageSpace space;
  private final BucketName bucket = new BucketName("files");
  private int ids;

  @BeforeEach
  void open() throws Exception {
    metadata = JdbcMetadataStore.open("jdbc:sqlite:" + dir.resolve("silo.db"));
    blobs = new FsBlobStore(java.nio.file.Files.createDirectories(dir.resolve("blobs")));
    layout = new TenancyLayout.BucketPerTenant("{app}-{env}-tenant-{slug}", "silo", "test");
    Tenant t = new Tenant(new TenantId("lifecycletenant00001"), new TenantSlug("acme"), "Acme", TenantStatus.ACTIVE, Limits.DEFAULT, T0, T0);
    metadata.global(tx -> {
      tx.tenants().insert(t);
      return null;
    });
    metadata.inTenant(t.id(), tx -> {
      tx.buckets().insert(bucket, T0);
      return null;
    });
    tenant = t.id();
    space = layout.spaceOf(t);
    blobs.provision(space);
  }

  @AfterEach
  void close() {
    metadata.close();
  }

  private LifecycleSweeper sweeper(Duration credentialMaxIdle) {
    Authenticator auth = new Authenticator(metadata, null, "unused-operator-token-0123456789", clock);
    return new LifecycleSweeper(
        metadata, layout, new BlobReaper(metadata, blobs, clock), new Journal(IdGenerator.secure()),
        t -> auth.system(t, "lifecycle"), clock,
        new LifecycleSweeper.Settings(
            Duration.ofHours(24), LifecycleSweeper.Settings.PENDING_TTL, Duration.ofDays(7), credentialMaxIdle, Duration.ofHours(1)));
  }

  private BlobName blob(String content) throws Exception {
    BlobName name = new BlobName("b" + String.format("%026d", ++ids));
    blobs.write(space, name, new ByteArrayInputStream(content.getBytes()));
    return name;
  }

  /** An object as an upload leaves it: row, blob and usage. */
  private ObjectInfo put(String key, ObjectStatus status, String content) throws Exception {
    BlobName b = blob(content);
    ObjectInfo o = new ObjectInfo(new ObjectId("obj_" + String.format("%024d", ++ids)), bucket, new ObjectKey(key),
        content.length(), "text/plain", "\"e\"", "00".repeat(32), status, Acl.PRIVATE, null, Map.of(), null, null, b, clock.instant(),
        clock.instant());
    metadata.inTenant(tenant, tx -> {
      tx.objects().insert(o);
      if (status == ObjectStatus.READY) {
        tx.tenant().addUsage(o.size(), 1);
      }
      return null;
    });
    return o;
  }

  private boolean exists(ObjectInfo o) {
    return metadata.inTenant(tenant, tx -> tx.objects().find(o.id()).isPresent());
  }

  private boolean blobExists(BlobName b) throws Exception {
    return blobs.size(space, b).isPresent();
  }

  private Usage usage() {
    return metadata.inTenant(tenant, tx -> tx.tenant().usage());
  }

  private List<String> audit() {
    return metadata.global(tx -> tx.journal().auditPage(tenant.value(), 0, null, null, 1000)).stream()
        .map(r -> r.actor() + " " + r.action())
        .toList();
  }

  @Test
  void tmpObjectsExpireAfterTheirTtlThroughTheDeletePathAndOtherCategoriesStay() throws Exception {
    ObjectInfo tmp = put("tmp/obj_1/scratch.txt", ObjectStatus.READY, "scratch");
    ObjectInfo raw = put("raw/obj_2/keep.txt", ObjectStatus.READY, "keeper");
    LifecycleSweeper sweeper = sweeper(null);

    clock.now = T0.plus(Duration.ofHours(23));
    assertThat(sweeper.expireTmpObjects(100)).isZero();

    clock.now = T0.plus(Duration.ofHours(24)).plusSeconds(1);
    assertThat(sweeper.expireTmpObjects(100)).isEqualTo(1);
    assertThat(exists(tmp)).isFalse();
    assertThat(blobExists(tmp.blob())).isFalse();
    assertThat(exists(raw)).isTrue();
    assertThat(usage()).isEqualTo(new Usage(6, 1));
    assertThat(audit()).contains("system:lifecycle object.deleted");
    assertThat(sweeper.expireTmpObjects(100)).isZero();
  }

  @Test
  void eachSweepIsBoundedAndTheNextPassResumes() throws Exception {
    for (int i = 0; i < 5; i++) {
      put("tmp/obj_" + i + "/f.txt", ObjectStatus.READY, "x");
    }
    clock.now = T0.plus(Duration.ofDays(2));
    LifecycleSweeper sweeper = sweeper(null);
    assertThat(sweeper.expireTmpObjects(2)).isEqualTo(2);
    assertThat(sweeper.expireTmpObjects(2)).isEqualTo(2);
    assertThat(sweeper.expireTmpObjects(2)).isEqualTo(1);
    assertThat(usage()).isEqualTo(Usage.ZERO);
  }

  @Test
  void twoNodesSweepingAtOnceRemoveEachObjectOnce() throws Exception {
    for (int i = 0; i < 20; i++) {
      put("tmp/obj_" + i + "/f.txt", ObjectStatus.READY, "xy");
    }
    put("raw/keep.txt", ObjectStatus.READY, "abc");
    clock.now = T0.plus(Duration.ofDays(2));
    LifecycleSweeper a = sweeper(null);
    LifecycleSweeper b = sweeper(null);
    try (var pool = Executors.newFixedThreadPool(2)) {
      List<Future<Integer>> runs = new ArrayList<>();
      for (LifecycleSweeper s : List.of(a, b)) {
        runs.add(pool.submit((Callable<Integer>) () -> s.expireTmpObjects(100)));
      }
      int total = 0;
      for (Future<Integer> f : runs) {
        total += f.get();
      }
      assertThat(total).isEqualTo(20);
    }
    assertThat(usage()).isEqualTo(new Usage(3, 1));
    assertThat(audit().stream().filter(s -> s.endsWith("object.deleted")).count()).isEqualTo(20);
  }

  @Test
  void pendingUploadsPastEveryUrlsExpiryAreRemovedWithTheirStagedBlob() throws Exception {
    ObjectInfo pending = put("raw/obj_1/never-completed.txt", ObjectStatus.PENDING, "half");
    LifecycleSweeper sweeper = sweeper(null);
    clock.now = T0.plus(Duration.ofHours(24));
    assertThat(sweeper.expirePendingUploads(100)).isZero();
    clock.now = T0.plus(Duration.ofHours(26));
    assertThat(sweeper.expirePendingUploads(100)).isEqualTo(1);
    assertThat(exists(pending)).isFalse();
    assertThat(blobExists(pending.blob())).isFalse();
    assertThat(usage()).isEqualTo(Usage.ZERO);
  }

  @Test
  void abandonedMultipartUploadsAreAbortedAndTheirPartsReaped() throws Exception {
    MultipartUpload upload = new MultipartUpload("mpu_abandoned", bucket, new ObjectKey("big.bin"), null, Map.of(), null, T0);
    BlobName p1 = blob("part one");
    BlobName p2 = blob("part two");
    metadata.inTenant(tenant, tx -> {
      tx.multipart().insert(upload);
      tx.multipart().putPart(upload.uploadId(), new UploadedPart(1, 8, "00".repeat(16), p1, T0));
      tx.multipart().putPart(upload.uploadId(), new UploadedPart(2, 8, "00".repeat(16), p2, T0));
      tx.tenant().reserve(upload.uploadId(), 16, T0);
      return null;
    });
    LifecycleSweeper sweeper = sweeper(null);
    clock.now = T0.plus(Duration.ofDays(6));
    assertThat(sweeper.abortMultipartUploads(100)).isZero();
    assertThat(pendingBytes()).isEqualTo(16);
    clock.now = T0.plus(Duration.ofDays(8));
    assertThat(sweeper.abortMultipartUploads(100)).isEqualTo(1);
    assertThat(pendingBytes()).as("the parts' reservation is released with them").isZero();
    boolean left = metadata.inTenant(tenant, tx -> tx.multipart().find(upload.uploadId()).isPresent());
    assertThat(left).isFalse();
    assertThat(blobExists(p1)).isFalse();
    assertThat(blobExists(p2)).isFalse();
  }

  @Test
  void anAbandonedUploadsCopiedPartsGiveBackTheirReferences() throws Exception {
    // two slices of one blob (UploadPartCopy) hold a reference each besides the blob's own object's;
    // a slice of another blob whose object is gone holds the last one
    BlobName shared = blob("0123456789abcdef");
    BlobName orphaned = blob("fedcba9876543210");
    MultipartUpload upload = new MultipartUpload("mpu_copied", bucket, new ObjectKey("copy.bin"), null, Map.of(), null, T0);
    metadata.inTenant(tenant, tx -> {
      tx.multipart().insert(upload);
      tx.multipart().putPart(upload.uploadId(), UploadedPart.slice(1, 0, 8, "00".repeat(16), "00".repeat(32), shared, T0));
      tx.versions().shareBlob(shared);
      tx.multipart().putPart(upload.uploadId(), UploadedPart.slice(2, 8, 8, "00".repeat(16), "00".repeat(32), shared, T0));
      tx.versions().shareBlob(shared);
      tx.multipart().putPart(upload.uploadId(), UploadedPart.slice(3, 0, 8, "00".repeat(16), "00".repeat(32), orphaned, T0));
      return null;
    });
    clock.now = T0.plus(Duration.ofDays(8));

    assertThat(sweeper(null).abortMultipartUploads(100)).isEqualTo(1);

    assertThat(blobExists(shared)).as("its object still holds it").isTrue();
    boolean sharedStill = metadata.inTenant(tenant, tx -> tx.versions().releaseBlob(shared));
    assertThat(sharedStill).as("both slices' references went: the object's is the last").isFalse();
    assertThat(blobExists(orphaned)).as("the slice held the last reference").isFalse();
  }

  @Test
  void idleS3CredentialsAreRevokedOnlyWhenTheSettingIsOn() {
    S3Credential idle = new S3Credential("SILO1IDLEKEY0000000A", tenant, "old laptop", null, T0, null, null);
    S3Credential used = new S3Credential("SILO1USEDKEY0000000A", tenant, "ci", null, T0, T0.plus(Duration.ofDays(29)), null);
    metadata.inTenant(tenant, tx -> {
      tx.s3Credentials().insert(idle);
      tx.s3Credentials().insert(used);
      return null;
    });
    clock.now = T0.plus(Duration.ofDays(31));
    assertThat(sweeper(null).revokeIdleCredentials(100)).isZero();
    assertThat(sweeper(Duration.ofDays(30)).revokeIdleCredentials(100)).isEqualTo(1);
    assertThat(metadata.inTenant(tenant, tx -> tx.s3Credentials().find(idle.accessKeyId())).orElseThrow().revokedAt())
        .isEqualTo(clock.now);
    assertThat(metadata.inTenant(tenant, tx -> tx.s3Credentials().find(used.accessKeyId())).orElseThrow().revokedAt()).isNull();
    assertThat(audit()).contains("system:lifecycle credential.revoked");
  }

  @Test
  void reservationsOfUploadsThatAreGoneAreReleasedByTheReconciliation() {
    MultipartUpload live = new MultipartUpload("mpu_live", bucket, new ObjectKey("live.bin"), null, Map.of(), null, T0);
    metadata.inTenant(tenant, tx -> {
      tx.multipart().insert(live);
      tx.tenant().reserve(live.uploadId(), 10, T0);
      tx.tenant().reserve("mpu_lost", 20, T0); // its upload row is gone: a crash between two steps
      tx.tenant().reserve("tus_lost", 30, T0);
      return null;
    });
    assertThat(pendingBytes()).isEqualTo(60);
    assertThat(sweeper(null).reconcileUsage(100)).isEqualTo(1);
    assertThat(pendingBytes()).isEqualTo(10);
  }

  private long pendingBytes() {
    return metadata.inTenant(tenant, tx -> tx.tenant().pendingBytes());
  }

  @Test
  void driftedUsageIsReconciledOncePerInterval() throws Exception {
    put("raw/a.txt", ObjectStatus.READY, "12345");
    metadata.inTenant(tenant, tx -> {
      tx.tenant().addUsage(100, 3);
      return null;
    });
    LifecycleSweeper sweeper = sweeper(null);
    assertThat(sweeper.reconcileUsage(100)).isEqualTo(1);
    assertThat(usage()).isEqualTo(new Usage(5, 1));
    metadata.inTenant(tenant, tx -> {
      tx.tenant().addUsage(7, 0);
      return null;
    });
    assertThat(sweeper.reconcileUsage(100)).isZero(); // not due yet
    clock.now = T0.plus(Duration.ofHours(2));
    assertThat(sweeper.sweep(100)).containsEntry("usage_drift", 1);
    assertThat(usage()).isEqualTo(new Usage(5, 1));
  }
}
