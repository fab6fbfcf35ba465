package dev.silo.http;

import dev.silo.core.support.IdGenerator;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;

/** The REST port's wording of what Jetty refuses: the JSON error body, a client's valid X-Request-Id kept. */
final class JsonRefusals implements RefusalHandler.Wording {
  private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");

  private final Json json;
  private final IdGenerator ids;

  JsonRefusals(Json json, IdGenerator ids) {
    this.json = json;
    this.ids = ids;
  }

  @Override
  public String idHeader() {
    return "X-Request-Id";
  }

  @Override
  public String requestId(Request request) {
    String fromClient = request == null ? null : request.getHeaders().get("X-Request-Id");
    return fromClient != null && CLIENT_REQUEST_ID.matcher(fromClient).matches() ? fromClient : "req_" + ids.base36(20);
  }

  @Override
  public String contentType() {
    return "application/json";
  }

  @Override
  public byte[] body(int status, String requestId, String path) {
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
    return json.write(ErrorRenderer.body(code, message == null ? "error" : message.toLowerCase(Locale.ROOT), requestId));
  }
}
