package dev.silo.core.support;

import java.io.InterruptedIOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * The part buffers of uploads that must hold a part before sending it (S3's part uploads, parts
 * sealed by encryption at rest), bounded: at most {@code max} at a time, so that many
 * concurrent uploads wait for a buffer instead of exhausting the heap, and reused. A thread that
 * already holds one (a TUS chunk writing its tail as a blob of its own while its part buffer holds
 * that tail) gets a second one without waiting, so that it never waits for itself.
 */
public final class PartBuffers {
  private final int size;
  private final Semaphore permits;
  private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<int[]> held = ThreadLocal.withInitial(() -> new int[1]);

  public PartBuffers(int size, int max) {
    if (size < 1 || max < 1) {
      throw new IllegalArgumentException("need a positive buffer size and count");
    }
    this.size = size;
    this.permits = new Semaphore(max, true);
  }

  /** The number of buffers for a heap: a quarter of it, at least two. */
  public static int forHeap(long maxHeapBytes, int partSize) {
    return (int) Math.max(2, Math.min(Integer.MAX_VALUE, maxHeapBytes / 4 / partSize));
  }

  public byte[] acquire() throws InterruptedIOException {
    int[] mine = held.get();
    if (mine[0] > 0) {
      mine[0]++;
      return new byte[size];
    }
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for an upload buffer");
    }
    mine[0] = 1;
    byte[] buffer = free.poll();
    return buffer != null ? buffer : new byte[size];
  }

  public void release(byte[] buffer) {
    int[] mine = held.get();
    mine[0]--;
    if (mine[0] == 0) {
      free.offer(buffer);
      permits.release();
    }
  }

  public int available() {
    return permits.availablePermits();
  }
}
