package dev.silo.testkit.memory;

import dev.silo.core.domain.ListingFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Limits;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.object.ListingGate;
import dev.silo.core.object.ObjectService;
import dev.silo.core.version.VersionService;
import dev.silo.core.write.WritePipeline;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Object and version listings wait for the same gate: the REST, S3 and console listings all read
 * through these two services, so one setting bounds them all.
 */
class ListingGateOnMemoryTest {
  @Test
  void objectAndVersionListingsShareOneGate() throws Exception {
    try (MemoryWorld world = new MemoryWorld(new MemoryBlobStore());
        var pool = Executors.newSingleThreadExecutor()) {
      RequestContext ctx = world.tenant("gated", Limits.DEFAULT);
      WritePipeline pipe = world.pipeline();
      ListingGate gate = new ListingGate(1, Duration.ZERO);
      ObjectService objects = new ObjectService(pipe, gate);
      VersionService versions = new VersionService(pipe, gate);

      CountDownLatch inside = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Future<Integer> holder = pool.submit(() -> gate.pass(() -> {
        inside.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return 0;
      }));
      assertThat(inside.await(1, TimeUnit.MINUTES)).isTrue();
      assertThatThrownBy(() -> objects.list(ctx, null, null, null, null, null, ListingFields.FULL))
          .isInstanceOfSatisfying(UnavailableException.class, e -> assertThat(e.code()).isEqualTo("slow_down"));
      assertThatThrownBy(() -> versions.list(ctx, null, null, null, null, null))
          .isInstanceOfSatisfying(UnavailableException.class, e -> assertThat(e.code()).isEqualTo("slow_down"));

      release.countDown();
      holder.get(1, TimeUnit.MINUTES);
      assertThat(objects.list(ctx, null, null, null, null, null, ListingFields.FULL).items()).isEmpty();
      assertThat(versions.list(ctx, null, null, null, null, null).versions()).isEmpty();
    }
  }
}
