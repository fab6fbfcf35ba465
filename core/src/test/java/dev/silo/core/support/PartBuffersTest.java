package dev.silo.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class PartBuffersTest {
  @Test
  void uploadsBeyondTheBudgetWaitForABufferAndGetAUsedOne() throws Exception {
    PartBuffers buffers = new PartBuffers(16, 1);
    byte[] first = buffers.acquire();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      CountDownLatch waiting = new CountDownLatch(1);
      Future<byte[]> second = pool.submit(() -> {
        waiting.countDown();
        byte[] b = buffers.acquire();
        buffers.release(b);
        return b;
      });
      waiting.await();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> second.get(300, TimeUnit.MILLISECONDS))
          .as("no buffer is free: the second upload waits").isInstanceOf(TimeoutException.class);
      buffers.release(first);
      assertThat(second.get(5, TimeUnit.SECONDS)).as("the same buffer, reused").isSameAs(first);
    }
    assertThat(buffers.available()).isEqualTo(1);
  }

  @Test
  void aThreadThatHoldsABufferGetsASecondWithoutWaitingForItself() throws Exception {
    PartBuffers buffers = new PartBuffers(16, 1);
    byte[] part = buffers.acquire();
    byte[] tail = buffers.acquire(); // would wait forever if it counted against the budget
    assertThat(tail).isNotSameAs(part).hasSize(16);
    buffers.release(tail);
    assertThat(buffers.available()).as("still held by the outer use").isZero();
    buffers.release(part);
    assertThat(buffers.available()).isEqualTo(1);
  }

  @Test
  void theBudgetIsAQuarterOfTheHeapAndAtLeastTwo() {
    assertThat(PartBuffers.forHeap(128L << 20, 8 << 20)).isEqualTo(4);
    assertThat(PartBuffers.forHeap(16L << 20, 8 << 20)).isEqualTo(2);
  }
}
