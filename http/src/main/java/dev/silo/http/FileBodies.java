package dev.silo.http;

import dev.silo.core.support.FileRegion;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/**
 * Sends a response body that is a region of a local file ({@link FileRegion}) the way Jetty copies
 * fewest: read from the file channel straight into pooled direct buffers and written from them to
 * the socket, 128 KiB at a time, instead of a heap array and the stream adapter's copies (before:
 * file to a temporary direct buffer to the heap array, heap array to another direct buffer, 16 KiB
 * at a time). Memory stays at one pooled buffer per response whatever the size.
 */
public final class FileBodies {
  private static final int BUFFER_BYTES = 128 * 1024;

  private FileBodies() {}

  /**
   * Sends {@code length} bytes of {@code in} as the whole response body and ends the response, if
   * {@code in} is a file region; {@code sent} hears of each run of bytes as it is written. Returns
   * false (nothing done) for any other stream. Does not close {@code in}.
   */
  public static boolean send(Request request, Response response, InputStream in, long length, LongConsumer sent)
      throws IOException {
    if (!(in instanceof FileRegion file)) {
      return false;
    }
    int size = (int) Math.max(4096, Math.min(BUFFER_BYTES, length));
    ByteBufferPool.Sized pool = new ByteBufferPool.Sized(request.getComponents().getByteBufferPool(), true, size);
    Content.Source source = Content.Source.from(pool, file.channel(), file.position(), length);
    try (Blocker.Callback done = Blocker.callback()) {
      Content.copy(source, response, (chunk, callback) -> {
        sent.accept(chunk.remaining());
        return false; // counted only; the copy writes it
      }, done);
      done.block();
    }
    return true;
  }
}
