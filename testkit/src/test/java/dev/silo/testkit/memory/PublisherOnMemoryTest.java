package dev.silo.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Acl;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectStatus;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.Usage;
import dev.silo.core.error.ConflictException;
import dev.silo.core.error.PayloadTooLargeException;
import dev.silo.core.error.PreconditionFailedException;
import dev.silo.core.object.Conditions;
import dev.silo.core.object.PutResult;
import dev.silo.core.object.StagedBlob;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.write.Publication;
import dev.silo.core.write.WritePipeline;
import dev.silo.core.write.WritePolicy;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.silo.core.write.Publisher}, the one transaction that makes an object current, over
 * the in-memory stores: what it changes when it publishes, and that a refused publication changes
 * nothing. (Core's own tests cannot use the testkit, which depends on core, so these live here.)
 */
class PublisherOnMemoryTest {
  private static final ObjectKey KEY = new ObjectKey("docs/a.txt");

  private final MemoryWorld world = new MemoryWorld(new MemoryBlobStore());
  private final WritePipeline pipe = world.pipeline();

  @AfterEach
  void close() throws Exception {
    world.close();
  }

  @Test
  void aNewObjectIsInsertedCountedAndItsBlobNoLongerLeftToTheSweeper() throws Exception {
    RequestContext ctx = world.tenant("insert", Limits.DEFAULT);
    StagedBlob blob = stage(ctx, "insert", "hello");

    PutResult r = pipe.publisher().publish(ctx, publication(blob, Conditions.NONE, null));

    assertThat(r.created()).isTrue();
    assertThat(find(ctx)).hasValueSatisfying(o -> {
      assertThat(o.blob()).isEqualTo(blob.name());
      assertThat(o.size()).isEqualTo(5);
      assertThat(o.etag()).isEqualTo(blob.md5());
      assertThat(o.sha256()).isEqualTo(blob.sha256());
    });
    assertThat(world.usage(ctx)).isEqualTo(new Usage(5, 1));
    assertThat(due()).as("the blob's intent is cancelled: the sweeper never takes it").isEmpty();
  }

  @Test
  void aReplacementSwitchesTheRowMovesUsageByTheDifferenceAndReapsTheOldBlob() throws Exception {
    RequestContext ctx = world.tenant("replace", Limits.DEFAULT);
    StagedBlob first = stage(ctx, "replace", "first version");
    pipe.publisher().publish(ctx, publication(first, Conditions.NONE, null));
    ObjectId id = find(ctx).orElseThrow().id();
    StagedBlob second = stage(ctx, "replace", "v2");

    PutResult r = pipe.publisher().publish(ctx, publication(second, Conditions.NONE, null));

    assertThat(r.created()).isFalse();
    assertThat(find(ctx)).hasValueSatisfying(o -> {
      assertThat(o.id()).as("the object keeps its id").isEqualTo(id);
      assertThat(o.blob()).isEqualTo(second.name());
    });
    assertThat(world.usage(ctx)).isEqualTo(new Usage(2, 1));
    StorageSpace space = world.space("replace");
    assertThat(world.blobs.size(space, first.name())).as("the replaced blob is deleted after the commit").isEmpty();
    assertThat(world.blobs.size(space, second.name())).hasValue(2);
  }

  @Test
  void anUploadsReservationTurnsIntoUsage() throws Exception {
    RequestContext ctx = world.tenant("reserved", new Limits(100L, null, null, 1, List.of()));
    reserve(ctx, "upload-1", 40);
    reserve(ctx, "upload-2", 30);
    StagedBlob blob = stage(ctx, "reserved", "x".repeat(40));

    pipe.publisher().publish(ctx, publication(blob, Conditions.NONE, "upload-1"));

    assertThat(world.usage(ctx)).isEqualTo(new Usage(40, 1));
    assertThat(world.pending(ctx)).as("upload-1's reservation is released, upload-2's kept").isEqualTo(30);
  }

  @Test
  void aFailedConditionChangesNothing() throws Exception {
    RequestContext ctx = world.tenant("conditions", Limits.DEFAULT);
    StagedBlob first = stage(ctx, "conditions", "first");
    pipe.publisher().publish(ctx, publication(first, Conditions.NONE, null));
    StagedBlob second = stage(ctx, "conditions", "second");

    assertThatThrownBy(() -> pipe.publisher().publish(ctx, publication(second, new Conditions(null, "*", null, null), null)))
        .as("If-None-Match: * on a key that holds an object").isInstanceOf(PreconditionFailedException.class);
    assertThatThrownBy(() -> pipe.publisher().publish(ctx, publication(second, new Conditions("\"0000\"", null, null, null), null)))
        .isInstanceOf(PreconditionFailedException.class);

    assertThat(find(ctx).orElseThrow().blob()).isEqualTo(first.name());
    assertThat(world.usage(ctx)).isEqualTo(new Usage(5, 1));
    assertThat(world.blobs.size(world.space("conditions"), first.name())).hasValue(5);
    String etag = find(ctx).orElseThrow().etag();
    pipe.publisher().publish(ctx, publication(second, new Conditions("\"" + etag + "\"", null, null, null), null));
    assertThat(find(ctx).orElseThrow().blob()).as("If-Match of the current ETag passes").isEqualTo(second.name());
  }

  @Test
  void aPublicationBeyondTheQuotaChangesNothingNotEvenTheReservation() throws Exception {
    RequestContext ctx = world.tenant("quota", new Limits(10L, null, null, 1, List.of()));
    pipe.publisher().publish(ctx, publication(stage(ctx, "quota", "12345678"), Conditions.NONE, null));
    reserve(ctx, "upload-1", 2);
    // the quota shrank while the upload was under way: 8 used + 2 reserved, 5 to publish
    StagedBlob tooBig = stage(ctx, "quota", "12345");

    assertThatThrownBy(() -> pipe.publisher().publish(ctx,
        new Publication(null, new ObjectKey("other.txt"), "text/plain", Acl.PRIVATE, null, null, null, null, null, tooBig,
            null, "upload-1", null, false)))
        .isInstanceOf(PayloadTooLargeException.class);

    assertThat(world.usage(ctx)).isEqualTo(new Usage(8, 1));
    assertThat(world.pending(ctx)).as("the release rolled back with the rest").isEqualTo(2);
    assertThat(find(ctx, new ObjectKey("other.txt"))).isEmpty();
  }

  @Test
  void aPendingRowIsCompletedOnceAndOnlyWithTheBlobItWasStagedWith() throws Exception {
    RequestContext ctx = world.tenant("pending", Limits.DEFAULT);
    StagedBlob staged = stage(ctx, "pending", "staged");
    ObjectId id = world.ids.objectId();
    world.metadata.inTenant(ctx.tenant(), (TenantTx tx) -> {
      var bucket = WritePolicy.bucket(tx, null);
      tx.objects().insert(new ObjectInfo(id, bucket, KEY, staged.size(), "text/plain", staged.md5(), staged.sha256(),
          ObjectStatus.PENDING, Acl.PRIVATE, null, null, null, null, staged.name(), world.clock.instant(), world.clock.instant()));
      return null;
    });
    StagedBlob other = stage(ctx, "pending", "other bytes");

    assertThatThrownBy(() -> pipe.publisher().publish(ctx, completing(other, id)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("changed");
    pipe.publisher().publish(ctx, completing(staged, id));
    assertThat(find(ctx)).hasValueSatisfying(o -> assertThat(o.ready()).isTrue());
    assertThatThrownBy(() -> pipe.publisher().publish(ctx, completing(staged, id)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("already complete");
    assertThat(world.usage(ctx)).isEqualTo(new Usage(6, 1));
  }

  private StagedBlob stage(RequestContext ctx, String slug, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return pipe.writer().stream(ctx, world.space(slug), new ByteArrayInputStream(b), Long.MAX_VALUE, (long) b.length, "too large");
  }

  private void reserve(RequestContext ctx, String upload, long bytes) {
    world.metadata.inTenant(ctx.tenant(), (TenantTx tx) -> {
      pipe.policy().reserve(tx, tx.tenant().get(), upload, bytes, world.clock.instant());
      return null;
    });
  }

  private static Publication publication(StagedBlob blob, Conditions conditions, String reservation) {
    return new Publication(null, KEY, "text/plain", Acl.PRIVATE, null, null, null, null, conditions, blob, null, reservation,
        null, false);
  }

  private static Publication completing(StagedBlob blob, ObjectId pending) {
    return new Publication(null, KEY, "text/plain", Acl.PRIVATE, null, null, null, null, null, blob, pending, pending.value(),
        pending, true);
  }

  private Optional<ObjectInfo> find(RequestContext ctx) {
    return find(ctx, KEY);
  }

  private Optional<ObjectInfo> find(RequestContext ctx, ObjectKey key) {
    return world.metadata.inTenant(ctx.tenant(), (TenantTx tx) ->
        tx.objects().find(WritePolicy.bucket(tx, null), key));
  }

  private List<?> due() {
    return world.metadata.global(tx -> tx.cleanup().due(world.clock.instant().plus(Duration.ofDays(30)), 100));
  }
}
