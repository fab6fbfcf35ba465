package dev.silo.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself, before a request reaches a protocol's handlers (a request line
 * or header it refuses, a URI it cannot parse, headers too large), in the protocol's own error
 * shape with a request id ({@link Wording}: the REST port's JSON, the S3 port's XML), instead of
 * Jetty's HTML page, which no client of either parses.
 */
public final class RefusalHandler extends ErrorHandler {
  /** How a protocol words a refusal. */
  public interface Wording {
    /** The header that carries the request id. */
    String idHeader();

    /** The id of a refused request; {@code request} is null for a message too malformed to be one. */
    String requestId(Request request);

    String contentType();

    /** The error body for {@code status}; {@code path} is null when there is no request. */
    byte[] body(int status, String requestId, String path);
  }

  private final Wording wording;

  public RefusalHandler(Wording wording) {
    this.wording = wording;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = request.getAttribute(ERROR_STATUS) instanceof Integer s ? s : response.getStatus();
    String requestId = wording.requestId(request);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, wording.contentType());
    response.getHeaders().put(wording.idHeader(), requestId);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    // Jetty drops the connection after a request it refused itself (an ambiguous URI, say): saying
    // so keeps a client from sending its next request into a closed connection
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    byte[] body = wording.body(status, requestId, request.getHttpURI().getPath());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  /** A message so malformed that there is no request at all. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    String requestId = wording.requestId(null);
    fields.put(HttpHeader.CONTENT_TYPE, wording.contentType());
    fields.put(wording.idHeader(), requestId);
    return ByteBuffer.wrap(wording.body(status, requestId, null));
  }
}
