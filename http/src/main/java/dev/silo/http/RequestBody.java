package dev.silo.http;

import dev.silo.core.support.CountingInputStream;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * A request's body as both ports hand it to their handlers: counted (for the access log and the
 * metrics) and owned by the exchange. Its {@link #close} leaves the request's content open:
 * closing Jetty's stream before its end fails the content, and a handler that closes the body as it
 * gives up would then keep the error answer from reading and dropping the rest ({@link
 * ServerFrame#drainBeforeAnswer}), and the connection would close under a client still sending.
 */
public final class RequestBody extends CountingInputStream {
  public RequestBody(Request request) {
    super(Content.Source.asInputStream(request));
  }

  @Override
  public void close() {}
}
