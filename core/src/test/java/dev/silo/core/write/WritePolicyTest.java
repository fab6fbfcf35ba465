package dev.silo.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.domain.Acl;
import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectStatus;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.TenantStatus;
import dev.silo.core.domain.Usage;
import dev.silo.core.error.PayloadTooLargeException;
import dev.silo.core.error.UnsupportedMediaTypeException;
import dev.silo.core.spi.TenantRecords;
import dev.silo.core.spi.TenantTx;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules of a write, without a database: the cap a write gets and the reservations of
 * unfinished uploads. The same rules on SQLite and PostgreSQL, under 20 concurrent writers per
 * path, are proven by the server's {@code WritePathTest}.
 */
class WritePolicyTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final WritePolicy policy = new WritePolicy();

  @Test
  void theCapIsTheUploadLimitOrWhatTheQuotaLeavesAfterUsageAndReservations() {
    Limits limits = new Limits(1000L, null, 300L, 1, List.of());
    assertThat(WritePolicy.cap(limits, new Usage(100, 1), 0, null)).isEqualTo(300);
    assertThat(WritePolicy.cap(limits, new Usage(600, 1), 0, null)).isEqualTo(300);
    assertThat(WritePolicy.cap(limits, new Usage(600, 1), 200, null)).as("reservations count").isEqualTo(200);
    assertThat(WritePolicy.cap(limits, new Usage(1000, 1), 0, null)).isEqualTo(0);
    assertThat(WritePolicy.cap(Limits.DEFAULT, new Usage(1L << 40, 1), 1L << 40, null)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void replacingAReadyObjectFreesItsBytesAndNeedsNoNewObjectSlot() {
    Limits limits = new Limits(1000L, 2L, null, 1, List.of());
    assertThat(WritePolicy.cap(limits, new Usage(900, 1), 0, object(400, ObjectStatus.READY))).isEqualTo(500);
    assertThat(WritePolicy.cap(limits, new Usage(900, 2), 0, object(400, ObjectStatus.READY))).isEqualTo(500);
    assertThatThrownBy(() -> WritePolicy.cap(limits, new Usage(900, 2), 0, null))
        .isInstanceOf(PayloadTooLargeException.class)
        .hasFieldOrPropertyWithValue("code", "object_quota_exceeded");
    assertThat(WritePolicy.cap(limits, new Usage(900, 1), 0, object(400, ObjectStatus.PENDING)))
        .as("a pending row frees nothing").isEqualTo(100);
  }

  @Test
  void aReservationWithinTheQuotaIsRecordedAndOneBeyondItIsRefusedWithNothingRecorded() {
    Records records = new Records(new Usage(10_000, 1));
    TenantTx tx = tx(records);
    Tenant tenant = tenant(new Limits(24_000L, null, null, 1, List.of()));
    policy.reserve(tx, tenant, "tus_a", 10_000, T0);
    assertThat(records.pendingBytes()).isEqualTo(10_000);
    assertThatThrownBy(() -> policy.reserve(tx, tenant, "tus_b", 5_000, T0)).isInstanceOf(PayloadTooLargeException.class);
    assertThat(records.reserved("tus_b")).isZero();
    policy.reserve(tx, tenant, "tus_b", 4_000, T0);
    assertThat(records.pendingBytes()).isEqualTo(14_000);
  }

  @Test
  void growingAReservationCountsItsOwnBytesOnce() {
    Records records = new Records(Usage.ZERO);
    TenantTx tx = tx(records);
    Tenant tenant = tenant(new Limits(100L, null, null, 1, List.of()));
    policy.grow(tx, tenant, "mpu_1", 60, T0);
    policy.reserve(tx, tenant, "mpu_1", 100, T0); // 60 -> 100, not 60 + 100
    assertThat(records.reserved("mpu_1")).isEqualTo(100);
    assertThatThrownBy(() -> policy.grow(tx, tenant, "mpu_1", 1, T0)).isInstanceOf(PayloadTooLargeException.class);
    assertThat(records.release("mpu_1")).isEqualTo(100);
    assertThat(records.pendingBytes()).isZero();
  }

  @Test
  void theUploadLimitBoundsWhatOneUploadHoldsInAll() {
    Records records = new Records(Usage.ZERO);
    Tenant tenant = tenant(new Limits(null, null, 50L, 1, List.of()));
    policy.reserve(tx(records), tenant, "mpu_1", 50, T0);
    assertThatThrownBy(() -> policy.grow(tx(records), tenant, "mpu_1", 1, T0)).isInstanceOf(PayloadTooLargeException.class);
  }

  @Test
  void aContentTypeOutsideTheAllowListIsRefusedWhereverItIsClaimed() {
    Tenant tenant = tenant(new Limits(null, null, null, 1, List.of("image/*")));
    assertThat(policy.contentType(tenant, "image/png")).isEqualTo("image/png");
    assertThatThrownBy(() -> policy.contentType(tenant, "text/html; charset=utf-8"))
        .isInstanceOf(UnsupportedMediaTypeException.class);
  }

  @Test
  void theQuotaRuleIsUsagePlusOthersPlusThisWithinMax() {
    assertThat(WritePolicy.fits(24, 0, 20, 4)).isTrue();
    assertThat(WritePolicy.fits(24, 1, 20, 4)).isFalse();
  }

  // ---------------------------------------------------------------- a tenant row in memory

  /** Usage and reservations as the metadata store keeps them, for the policy's own checks. */
  static final class Records implements TenantRecords {
    private final Usage usage;
    private final Map<String, Long> reservations = new HashMap<>();

    Records(Usage usage) {
      this.usage = usage;
    }

    @Override
    public Tenant get() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Usage usage() {
      return usage;
    }

    @Override
    public void addUsage(long bytesDelta, long objectsDelta) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long pendingBytes() {
      return reservations.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public long reserved(String uploadId) {
      return reservations.getOrDefault(uploadId, 0L);
    }

    @Override
    public void reserve(String uploadId, long bytes, Instant now) {
      reservations.put(uploadId, bytes);
    }

    @Override
    public long release(String uploadId) {
      Long held = reservations.remove(uploadId);
      return held == null ? 0 : held;
    }
  }

  /** A transaction whose only repository is the tenant row: the reservation rules need no other. */
  static TenantTx tx(TenantRecords records) {
    return (TenantTx) Proxy.newProxyInstance(
        TenantTx.class.getClassLoader(), new Class<?>[] {TenantTx.class},
        (proxy, method, args) -> {
          if (method.getName().equals("tenant")) {
            return records;
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  static Tenant tenant(Limits limits) {
    return new Tenant(new TenantId("writepolicytenant001"), new TenantSlug("acme"), "Acme", TenantStatus.ACTIVE, limits, T0, T0);
  }

  static ObjectInfo object(long size, ObjectStatus status) {
    return new ObjectInfo(new ObjectId("obj_" + "a".repeat(20)), new BucketName("acme"), new ObjectKey("k"), size, "text/plain",
        null, null, status, Acl.PRIVATE, null, Map.of(), null, null, new BlobName("b".repeat(32)), T0, T0);
  }
}
