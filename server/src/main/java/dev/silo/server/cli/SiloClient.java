package dev.silo.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/**
 * A minimal client for Silo's REST API: JSON in, JSON out, one bearer credential. An error answer
 * becomes an {@link ApiError}; a server that cannot be reached becomes an {@link Unreachable}, so
 * that commands can map both to exit codes in one place.
 */
final class SiloClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final URI base;
  private final String credential;
  private final HttpClient http;

  SiloClient(URI base, String credential) {
    this.base = base;
    this.credential = credential;
    // HTTP/1.1: a plain-text HTTP/2 upgrade attempt buys nothing for a few small requests.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
  }

  URI base() {
    return base;
  }

  Response get(String path) throws ApiError, Unreachable {
    return send("GET", path, null);
  }

  /** A tenant route called with the operator token, naming the tenant in {@code x-tenant-id}. */
  Response getAsTenant(String path, String tenant) throws ApiError, Unreachable {
    return send("GET", path, null, tenant);
  }

  Response post(String path, JsonNode body) throws ApiError, Unreachable {
    return send("POST", path, body);
  }

  Response patch(String path, JsonNode body) throws ApiError, Unreachable {
    return send("PATCH", path, body);
  }

  Response delete(String path) throws ApiError, Unreachable {
    return send("DELETE", path, null);
  }

  /** Sends one request; {@code path} is already encoded and starts with {@code /}. */
  Response send(String method, String path, JsonNode body) throws ApiError, Unreachable {
    return send(method, path, body, null);
  }

  private Response send(String method, String path, JsonNode body, String tenant) throws ApiError, Unreachable {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + credential)
            .header("Accept", "application/json")
            .header("User-Agent", "silo-cli");
    if (tenant != null) {
      request.header("x-tenant-id", tenant);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable(base, "interrupted", e);
    } catch (IOException | UnresolvedAddressException e) {
      throw new Unreachable(base, describe(e), e);
    }
    String requestId = response.headers().firstValue("X-Request-Id").orElse(null);
    Response result = new Response(response.statusCode(), response.body(), requestId);
    if (result.status() >= 400) {
      throw ApiError.from(result);
    }
    return result;
  }

  private static String describe(Exception e) {
    if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException) {
      return null; // the plain "is it running?" message says it best
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  @Override
  public void close() {
    http.close();
  }

  /** A field of a JSON answer as text, or null when it is missing or null. */
  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** A successful answer. */
  record Response(int status, String body, String requestId) {
    boolean hasBody() {
      return body != null && !body.isBlank();
    }

    JsonNode json() throws ApiError {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new ApiError(
            status, "bad_response", "Silo answered with something that is not JSON", requestId);
      }
    }
  }

  /** The server answered with an error status. */
  static final class ApiError extends Exception {
    private final int status;
    private final String code;
    private final String requestId;

    ApiError(int status, String code, String message, String requestId) {
      super(message);
      this.status = status;
      this.code = code;
      this.requestId = requestId;
    }

    static ApiError from(Response r) {
      JsonNode error = null;
      try {
        error = r.hasBody() ? JSON.readTree(r.body()).get("error") : null;
      } catch (IOException notJson) {
        // a proxy's HTML page, say: fall back to the status below
      }
      if (error == null || !error.isObject()) {
        return new ApiError(r.status(), "http_" + r.status(), "HTTP " + r.status(), r.requestId());
      }
      String requestId = text(error, "request_id");
      return new ApiError(
          r.status(),
          text(error, "code") == null ? "http_" + r.status() : text(error, "code"),
          text(error, "message") == null ? "HTTP " + r.status() : text(error, "message"),
          requestId == null ? r.requestId() : requestId);
    }

    int status() {
      return status;
    }

    String code() {
      return code;
    }

    String requestId() {
      return requestId;
    }
  }

  /** No answer at all: nothing listening, unknown host, connection dropped. */
  static final class Unreachable extends Exception {
    Unreachable(URI base, String detail, Throwable cause) {
      super(
          detail == null
              ? "cannot reach Silo at " + base + ": is it running? start it with ./silo serve"
              : "cannot reach Silo at " + base + " (" + detail + "): is it running? start it with ./silo serve",
          cause);
    }
  }
}
