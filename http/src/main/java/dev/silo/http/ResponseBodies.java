package dev.silo.http;

import dev.silo.core.support.ChannelRegion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongConsumer;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/**
 * Sends a response body from a stream, the one way every protocol does it. A region of a channel
 * ({@link ChannelRegion}: a local file, or an encrypted one's plain text) goes the way Jetty copies
 * fewest: read from the channel straight into pooled direct buffers and written from them to the
 * socket, 128 KiB at a time. Any other stream (inline, from the S3 backend, a transform) is
 * copied through a 16 KiB array, written to
 * the response as it is read: measured on a 1 GiB encrypted GET, 64 KiB writes ran 15–25 % slower
 * than 16 KiB ones (0.85–0.99 s against 0.65–0.78 s). Memory stays at one buffer per response
 * whatever the size.
 */
public final class ResponseBodies {
  private static final int REGION_BUFFER_BYTES = 128 * 1024;
  private static final int STREAM_BUFFER_BYTES = 16 * 1024;

  private ResponseBodies() {}

  /**
   * Sends {@code length} bytes of {@code in} as the whole response body and ends the response;
   * {@code sent} hears of each run of bytes as it is written (a client that leaves early is logged
   * with what it got). Does not close {@code in}.
   */
  public static void send(Request request, Response response, InputStream in, long length, LongConsumer sent)
      throws IOException {
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
    int size = (int) Math.max(4096, Math.min(REGION_BUFFER_BYTES, length));
    ByteBufferPool.Sized pool = new ByteBufferPool.Sized(request.getComponents().getByteBufferPool(), true, size);
    Content.Source source = Content.Source.from(pool, region.channel(), region.position(), length);
    try (Blocker.Callback done = Blocker.callback()) {
      Content.copy(source, response, (chunk, callback) -> {
        sent.accept(chunk.remaining());
        return false; // counted only; the copy writes it
      }, done);
      done.block();
    }
  }
}
