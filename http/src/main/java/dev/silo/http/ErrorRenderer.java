package dev.silo.http;

import dev.silo.core.error.ChecksumMismatchException;
import dev.silo.core.error.ConflictException;
import dev.silo.core.error.ForbiddenException;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.InvalidTransformException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.error.PayloadTooLargeException;
import dev.silo.core.error.PreconditionFailedException;
import dev.silo.core.error.RangeNotSatisfiableException;
import dev.silo.core.error.SiloException;
import dev.silo.core.error.UnauthenticatedException;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.error.UnsupportedMediaTypeException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The REST API's one error mapper: core errors to status codes and the JSON body of PRODUCT.md.
 * An exhaustive switch over the sealed tree, so a new kind of error cannot go unmapped. Anything
 * else is a 500 that says nothing but the request id.
 */
public final class ErrorRenderer {
  /** A rendered error: status, body, and extra headers. */
  public record Rendered(int status, Map<String, Object> body, Map<String, String> headers) {}

  public static int statusOf(SiloException e) {
    return switch (e) {
      case InvalidInputException x -> 400;
      case UnauthenticatedException x -> 401;
      case ForbiddenException x -> 403;
      case NotFoundException x -> 404;
      case ConflictException x -> 409;
      case PreconditionFailedException x -> 412;
      case PayloadTooLargeException x -> 413;
      case UnsupportedMediaTypeException x -> 415;
      case RangeNotSatisfiableException x -> 416;
      case UnavailableException x -> 503;
      case InvalidTransformException x -> 422;
      // TUS's checksum extension: 460 Checksum Mismatch
      case ChecksumMismatchException x -> 460;
    };
  }

  public Rendered render(Throwable t, String requestId) {
    if (t instanceof SiloException e) {
      int status = statusOf(e);
      Map<String, String> headers =
          switch (e) {
            case UnauthenticatedException x -> Map.of("WWW-Authenticate", "Bearer realm=\"silo\"");
            case UnavailableException x -> Map.of("Retry-After", "5");
            default -> Map.of();
          };
      return new Rendered(status, body(e.code(), e.getMessage(), requestId), headers);
    }
    if (t instanceof RouteTable.MethodNotAllowed m) {
      return new Rendered(
          405, body("method_not_allowed", "method not allowed", requestId), Map.of("Allow", String.join(", ", m.allowed())));
    }
    return new Rendered(500, body("internal_error", "internal error; quote the request id", requestId), Map.of());
  }

  static Map<String, Object> body(String code, String message, String requestId) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("request_id", requestId);
    return Map.of("error", error);
  }
}
