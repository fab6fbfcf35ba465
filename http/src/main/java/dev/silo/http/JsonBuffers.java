package dev.silo.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Buffers that JSON bodies are written into and sent from, reused between responses: a 1,000-key
 * listing is some 560 KB of JSON, and writing it into a fresh array (Jackson's growing segments,
 * then one more copy to join them) was a quarter of what such a page allocated. A few buffers are
 * kept, none bigger than {@link #KEEP_AT_MOST}, so what is held stays small.
 */
final class JsonBuffers {
  static final int KEEP_AT_MOST = 2 << 20;
  private static final int KEPT = 8;

  /** A buffer whose bytes can be sent without copying them out. */
  static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(64 << 10);
    }

    void sendTo(OutputStream out) throws IOException {
      out.write(buf, 0, count);
    }

    int capacity() {
      return buf.length;
    }
  }

  private final ArrayBlockingQueue<Buffer> kept = new ArrayBlockingQueue<>(KEPT);

  Buffer take() {
    Buffer b = kept.poll();
    return b != null ? b : new Buffer();
  }

  void give(Buffer b) {
    if (b.capacity() <= KEEP_AT_MOST) {
      b.reset();
      kept.offer(b);
    }
  }
}
