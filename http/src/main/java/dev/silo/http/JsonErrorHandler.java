package dev.silo.http;

import dev.silo.core.support.IdGenerator;
import java.nio.ByteBuffer;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself, before a request reaches the route table (a request line or
 * header it refuses, a URI it cannot parse), in the same JSON shape as every other error, with a
 * request id, instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
  private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");

  private final Json json;
  private final IdGenerator ids;

  JsonErrorHandler(Json json, IdGenerator ids) {
    this.json = json;
    this.ids = ids;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = request.getAttribute(ERROR_STATUS) instanceof Integer s ? s : response.getStatus();
    String requestId = requestId(request.getHeaders().get("X-Request-Id"));
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put("X-Request-Id", requestId);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    // Jetty drops the connection after a request it refused itself (an ambiguous URI, say): saying
    // so keeps a client from sending its next request into a closed connection
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    byte[] body = body(status, requestId);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  /** A message so malformed that there is no request at all. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    String requestId = requestId(null);
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    fields.put("X-Request-Id", requestId);
    return ByteBuffer.wrap(body(status, requestId));
  }

  private byte[] body(int status, String requestId) {
    String code =
        switch (status) {
          case 400 -> "bad_request";
          case 404 -> "route_not_found";
          case 413 -> "too_large";
          case 414 -> "uri_too_long";
          case 431 -> "headers_too_large";
          default -> status >= 500 ? "internal_error" : "bad_request";
        };
    String message = HttpStatus.getMessage(status);
    return json.write(ErrorRenderer.body(code, message == null ? "error" : message.toLowerCase(java.util.Locale.ROOT), requestId));
  }

  private String requestId(String fromClient) {
    return fromClient != null && CLIENT_REQUEST_ID.matcher(fromClient).matches() ? fromClient : "req_" + ids.base36(20);
  }
}
