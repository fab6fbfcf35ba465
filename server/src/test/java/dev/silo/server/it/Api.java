package dev.silo.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small HTTP client for tests: one credential, plain requests, responses read as text. */
public final class Api {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final String token;
  private final HttpClient http;

  public Api(String base, String token) {
    this(base, token, HTTP);
  }

  /** An API over a client of the test's own, e.g. one that trusts a test CA for HTTPS. */
  public Api(String base, String token, HttpClient http) {
    this.base = base;
    this.token = token;
    this.http = http;
  }

  public String token() {
    return token;
  }

  /** A response: status, headers and body as text. */
  public record Resp(int status, Map<String, List<String>> headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    public Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst();
    }

    public String errorCode() {
      return json().path("error").path("code").asText();
    }
  }

  public Resp get(String path, String... headers) {
    return send("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
  }

  public Resp head(String path, String... headers) {
    return send("HEAD", path, HttpRequest.BodyPublishers.noBody(), headers);
  }

  public Resp delete(String path, String... headers) {
    return send("DELETE", path, HttpRequest.BodyPublishers.noBody(), headers);
  }

  public Resp post(String path, String json, String... headers) {
    return send("POST", path, HttpRequest.BodyPublishers.ofString(json), with(headers, "Content-Type", "application/json"));
  }

  public Resp patch(String path, String json, String... headers) {
    return send("PATCH", path, HttpRequest.BodyPublishers.ofString(json), with(headers, "Content-Type", "application/json"));
  }

  public Resp put(String path, String body, String... headers) {
    return put(path, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  public Resp put(String path, byte[] body, String... headers) {
    return send("PUT", path, HttpRequest.BodyPublishers.ofByteArray(body), headers);
  }

  public Resp send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
        .timeout(Duration.ofSeconds(60))
        .method(method, body);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Resp(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String[] with(String[] headers, String name, String value) {
    for (int i = 0; i + 1 < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase(name)) {
        return headers;
      }
    }
    String[] out = java.util.Arrays.copyOf(headers, headers.length + 2);
    out[headers.length] = name;
    out[headers.length + 1] = value;
    return out;
  }
}
