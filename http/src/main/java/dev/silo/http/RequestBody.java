package dev.silo.http;

import java.io.FilterInputStream;
import java.io.IOException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * A request's body as both ports hand it to their handlers: counted (for the access log and the
 * metrics) and owned by the exchange. Its {@link #close} leaves the request's content open:
 * closing Jetty's stream before its end fails the content, and a handler that closes the body as it
 * gives up would then keep the error answer from reading and dropping the rest ({@link
 * ServerFrame#drainBeforeAnswer}), and the connection would close under a client still sending.
 */
public final class RequestBody extends FilterInputStream {
  private long count;

  public RequestBody(Request request) {
    super(Content.Source.asInputStream(request));
  }

  /** Bytes read so far. */
  public long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count += n;
    }
    return n;
  }

  @Override
  public void close() {}
}
