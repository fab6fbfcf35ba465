package dev.silo.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Acl;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectStatus;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.error.ConflictException;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.error.PayloadTooLargeException;
import dev.silo.core.error.UnsupportedMediaTypeException;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.write.WritePolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WritePolicy} against a real (in-memory) metadata store: what a write may target, and
 * reservations under 20 concurrent uploads. The arithmetic alone is {@code WritePolicyTest} in core.
 */
class WritePolicyOnMemoryTest {
  private final MemoryWorld world = new MemoryWorld(new MemoryBlobStore());
  private final WritePolicy policy = new WritePolicy();

  @AfterEach
  void close() throws Exception {
    world.close();
  }

  @Test
  void aWriteTargetsOnlyTheTenantsOwnBucketsAndAllowedTypes() {
    RequestContext a = world.tenant("policy-a", new Limits(null, null, null, 2, List.of("image/*")));
    RequestContext b = world.tenant("policy-b", Limits.DEFAULT);

    BucketName own = inTenant(a, tx -> policy.target(tx, null, "image/png").bucket());
    assertThat(own).isEqualTo(new BucketName("policy-a"));
    assertThatThrownBy(() -> inTenant(a, tx -> policy.target(tx, new BucketName("policy-b"), "image/png")))
        .as("another tenant's bucket does not exist for me").isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> inTenant(b, tx -> policy.target(tx, new BucketName("nope"), null)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> inTenant(a, tx -> policy.target(tx, null, "text/html")))
        .isInstanceOf(UnsupportedMediaTypeException.class);
  }

  @Test
  void userMetadataIsBoundedAndSystemPrefixesAreReserved() {
    assertThat(policy.metadata(Map.of("origin", "camera"))).containsEntry("origin", "camera");
    assertThatThrownBy(() -> policy.metadata(Map.of("big", "x".repeat(2100)))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> policy.metadata(Map.of("silo-multipart-etag", "forged"))).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void twentyConcurrentReservationsNeverTogetherPassMaxBytes() throws Exception {
    RequestContext ctx = world.tenant("policy-race", new Limits(100L, null, null, 1, List.of()));
    inTenant(ctx, tx -> {
      tx.tenant().addUsage(30, 1);
      return null;
    });
    long admitted = MemoryWorld.race(20, i -> {
      try {
        inTenant(ctx, tx -> {
          policy.reserve(tx, tx.tenant().get(), "upload-" + i, 20, world.clock.instant());
          return null;
        });
        return true;
      } catch (PayloadTooLargeException refused) {
        return false;
      }
    });
    assertThat(admitted).as("70 bytes left: three uploads of 20").isEqualTo(3);
    assertThat(world.pending(ctx)).isEqualTo(60);
  }

  @Test
  void aKeyHeldByAPendingUploadCannotBeReplacedByAnotherWrite() {
    RequestContext ctx = world.tenant("policy-pending", Limits.DEFAULT);
    BucketName bucket = new BucketName("policy-pending");
    ObjectKey key = new ObjectKey("held.bin");
    ObjectId id = world.ids.objectId();
    inTenant(ctx, tx -> {
      tx.objects().insert(new ObjectInfo(id, bucket, key, 0, "application/octet-stream", null, null, ObjectStatus.PENDING,
          Acl.PRIVATE, null, null, null, null, null, world.clock.instant(), world.clock.instant()));
      return null;
    });

    ObjectInfo free = inTenant(ctx, tx -> policy.replaced(tx, bucket, new ObjectKey("free"), null));
    assertThat(free).isNull();
    assertThatThrownBy(() -> inTenant(ctx, tx -> policy.replaced(tx, bucket, key, null)))
        .isInstanceOf(ConflictException.class);
    ObjectId completing = inTenant(ctx, tx -> policy.replaced(tx, bucket, key, id).id());
    assertThat(completing).as("the upload that holds it completes it").isEqualTo(id);
  }

  private <T> T inTenant(RequestContext ctx, java.util.function.Function<TenantTx, T> work) {
    return world.metadata.inTenant(ctx.tenant(), work::apply);
  }
}
