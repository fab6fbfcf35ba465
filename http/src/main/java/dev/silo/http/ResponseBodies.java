package dev.silo.http;

import dev.silo.core.support.ChannelRegion;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.function.LongConsumer;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/**
 * Sends a response body from a stream, the one way every protocol does it. A body bigger than two
 * 512 KiB buffers is read ahead: the next buffer is filled on a thread of its own while the other
 * is written, so a big GET uses both cores instead of taking turns on one (1 GiB GETs from the
 * page cache, bench/encrypted-get.sh beside the build before: 0.52 s against 0.73 encrypted, 0.40
 * against 0.48 in plain text, and for an encrypted object uploaded in parts, which is read as a
 * stream, 0.54 against 0.69; docs/performance.md). A region of a channel
 * ({@link ChannelRegion}: a local file, or an encrypted one's plain text) is read straight into
 * the direct buffers; a stream (several encrypted parts, an S3 backend's body) through an array.
 * A smaller region goes through one direct buffer; a smaller stream is copied through a 16 KiB
 * array, written to the response as it is read (64 KiB writes ran 15–25 % slower through Jetty's
 * output stream). Memory stays at one or two buffers per response whatever the size, and at most
 * {@link #AHEAD_AT_ONCE} responses read ahead at once.
 */
public final class ResponseBodies {
  private static final int REGION_BUFFER_BYTES = 128 * 1024;
  private static final int STREAM_BUFFER_BYTES = 16 * 1024;
  private static final int AHEAD_BUFFER_BYTES = 512 * 1024;
  /**
   * Bodies read ahead at once. More would not make a GET faster than the cores allow, and each
   * holds 1 MiB of direct memory; past this many, a big body is sent as a small one is.
   */
  static final int AHEAD_AT_ONCE = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
  private static final Semaphore AHEAD_SLOTS = new Semaphore(AHEAD_AT_ONCE);
  /** Read-ahead buffers: bigger than Jetty's own pool keeps, so kept here. */
  private static final ByteBufferPool AHEAD_BUFFERS =
      new ArrayByteBufferPool(0, AHEAD_BUFFER_BYTES, AHEAD_BUFFER_BYTES, 2 * AHEAD_AT_ONCE);

  private ResponseBodies() {}

  /**
   * Sends {@code length} bytes of {@code in} as the whole response body and ends the response;
   * {@code sent} hears of each run of bytes as it is written (a client that leaves early is logged
   * with what it got). Does not close {@code in}.
   */
  public static void send(Request request, Response response, InputStream in, long length, LongConsumer sent)
      throws IOException {
    if (length > 2L * AHEAD_BUFFER_BYTES && AHEAD_SLOTS.tryAcquire()) {
      try {
        sendAhead(response, in instanceof ChannelRegion region ? new RegionFill(region) : new StreamFill(in), length, sent);
      } finally {
        AHEAD_SLOTS.release();
      }
      return;
    }
    if (in instanceof ChannelRegion region) {
      sendRegion(request, response, region, length, sent);
      return;
    }
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      byte[] buffer = new byte[STREAM_BUFFER_BYTES];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        sent.accept(n);
      }
    }
  }

  private static void sendRegion(Request request, Response response, ChannelRegion region, long length, LongConsumer sent)
      throws IOException {
    if (length == 0) {
      write(response, ByteBuffer.allocate(0), true, sent);
      return;
    }
    int size = (int) Math.max(4096, Math.min(REGION_BUFFER_BYTES, length));
    RetainableByteBuffer buffer = request.getComponents().getByteBufferPool().acquire(size, true);
    try {
      RegionFill fill = new RegionFill(region);
      for (long left = length; left > 0; ) {
        ByteBuffer chunk = fill.next(buffer.getByteBuffer(), left);
        left -= chunk.remaining();
        write(response, chunk, left == 0, sent);
      }
    } finally {
      buffer.release();
    }
  }

  /**
   * Sends {@code length} bytes through two buffers: the next one is filled (read, and decrypted if
   * the body decrypts) on a thread of its own while the other is written, so that reading and
   * writing a big body use both cores rather than taking turns on one.
   */
  private static void sendAhead(Response response, Fill fill, long length, LongConsumer sent) throws IOException {
    RetainableByteBuffer one = AHEAD_BUFFERS.acquire(AHEAD_BUFFER_BYTES, true);
    RetainableByteBuffer other = AHEAD_BUFFERS.acquire(AHEAD_BUFFER_BYTES, true);
    try {
      ByteBuffer[] buffers = {one.getByteBuffer(), other.getByteBuffer()};
      long left = length;
      Future<ByteBuffer> next = fillAhead(fill, buffers[0], left);
      for (int turn = 1; left > 0; turn++) {
        ByteBuffer chunk = await(next);
        left -= chunk.remaining();
        next = left > 0 ? fillAhead(fill, buffers[turn % 2], left) : null;
        try {
          write(response, chunk, left == 0, sent);
        } catch (IOException | RuntimeException e) {
          finish(next); // its buffer goes back to the pool only once nothing fills it
          throw e;
        }
      }
    } finally {
      one.release();
      other.release();
    }
  }

  /**
   * A body's bytes, a buffer at a time, in order. Fills of one body never overlap: the next starts
   * after the last has returned, on whichever thread.
   */
  private abstract static class Fill {
    private static final String SHORT = "the stored body ended before its length";

    /** {@code buffer} flipped, holding the next bytes of the body: as many as fit, at most {@code left}. */
    final ByteBuffer next(ByteBuffer buffer, long left) throws IOException {
      buffer.clear().limit((int) Math.min(buffer.capacity(), left));
      while (buffer.hasRemaining()) {
        if (read(buffer) < 0) {
          throw new EOFException(SHORT);
        }
      }
      return buffer.flip();
    }

    /** Reads some bytes into {@code buffer}; -1 at the body's end. */
    abstract int read(ByteBuffer buffer) throws IOException;
  }

  /** A region read at its positions, straight into the buffer. */
  private static final class RegionFill extends Fill {
    private final SeekableByteChannel channel;
    private long at;

    RegionFill(ChannelRegion region) {
      this.channel = region.channel();
      this.at = region.position();
    }

    @Override
    int read(ByteBuffer buffer) throws IOException {
      int n = channel.position(at).read(buffer);
      if (n > 0) {
        at += n;
      }
      return n;
    }
  }

  /** A stream (an S3 backend's body, an encrypted blob of many parts) through one 64 KiB array. */
  private static final class StreamFill extends Fill {
    private final InputStream in;
    private final byte[] array = new byte[64 * 1024];

    StreamFill(InputStream in) {
      this.in = in;
    }

    @Override
    int read(ByteBuffer buffer) throws IOException {
      int n = in.read(array, 0, Math.min(array.length, buffer.remaining()));
      if (n > 0) {
        buffer.put(array, 0, n);
      }
      return n;
    }
  }

  private static Future<ByteBuffer> fillAhead(Fill fill, ByteBuffer buffer, long left) {
    FutureTask<ByteBuffer> task = new FutureTask<>(() -> fill.next(buffer, left));
    Thread.ofVirtual().name("silo-read-ahead").start(task);
    return task;
  }

  private static void write(Response response, ByteBuffer chunk, boolean last, LongConsumer sent) throws IOException {
    int n = chunk.remaining();
    try (Blocker.Callback written = Blocker.callback()) {
      response.write(last, chunk, written);
      written.block();
    }
    sent.accept(n);
  }

  private static ByteBuffer await(Future<ByteBuffer> next) throws IOException {
    try {
      return next.get();
    } catch (InterruptedException e) {
      finish(next);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading a body to send");
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case IOException io -> throw io;
        case RuntimeException r -> throw r;
        case Error err -> throw err;
        default -> throw new IOException("the body could not be read", e.getCause());
      }
    }
  }

  /** Waits until a fill nobody will send is over, whatever its outcome. */
  private static void finish(Future<ByteBuffer> next) {
    if (next == null) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        next.get();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException e) {
        break;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
