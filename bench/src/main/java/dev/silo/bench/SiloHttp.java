package dev.silo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;

/** The few REST calls the bench makes, over one shared HTTP/1.1 client on virtual threads. */
final class SiloHttp implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;

  SiloHttp(URI base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
  }

  URI base() {
    return base;
  }

  /** POST /v1/tenants; returns the slug. */
  String createTenant(String operatorToken, String slug) throws IOException, InterruptedException {
    json("POST", "/v1/tenants", operatorToken, Map.of("slug", slug, "name", "Silo bench " + slug));
    return slug;
  }

  /** POST /v1/tenants/{slug}/keys; returns the key, which the server shows only here. */
  String createKey(String operatorToken, String slug) throws IOException, InterruptedException {
    JsonNode created = json("POST", "/v1/tenants/" + slug + "/keys", operatorToken, Map.of("name", "bench"));
    return created.path("key").asText();
  }

  void deleteTenant(String operatorToken, String slug) throws IOException, InterruptedException {
    expect(send(request("/v1/tenants/" + slug, operatorToken).DELETE().build()), 200, 204);
  }

  /** PUT /v1/objects/{key}; the body is streamed with a fixed Content-Length. Returns the object JSON. */
  JsonNode put(String apiKey, String key, BodyPublisher body, String contentType)
      throws IOException, InterruptedException {
    HttpRequest request =
        request(objectPath(key), apiKey).header("Content-Type", contentType).PUT(body).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    expect(response, 200, 201);
    return JSON.readTree(response.body());
  }

  /** GET /v1/objects/{key} as a stream; the caller must read or close it. */
  InputStream get(String apiKey, String key) throws IOException, InterruptedException {
    HttpResponse<InputStream> response =
        http.send(request(objectPath(key), apiKey).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      String body;
      try (InputStream in = response.body()) {
        body = new String(in.readNBytes(500), StandardCharsets.UTF_8);
      }
      throw new BenchFailure("GET " + key + " answered " + response.statusCode() + ": " + body);
    }
    return response.body();
  }

  /** POST /v1/sign/{key}: a signed download URL, usable without a credential. */
  String sign(String apiKey, String key) throws IOException, InterruptedException {
    return json("POST", objectPath(key).replaceFirst("^/v1/objects/", "/v1/sign/"), apiKey, Map.of()).path("url").asText();
  }

  /** GET of a signed URL, with no credential, as a stream; the caller must read or close it. */
  InputStream getSigned(String url) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(30)).GET().build();
    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      String body;
      try (InputStream in = response.body()) {
        body = new String(in.readNBytes(500), StandardCharsets.UTF_8);
      }
      throw new BenchFailure("GET of a signed URL answered " + response.statusCode() + ": " + body);
    }
    return response.body();
  }

  void deleteObject(String apiKey, String key) throws IOException, InterruptedException {
    expect(send(request(objectPath(key), apiKey).DELETE().build()), 200, 204, 404);
  }

  private JsonNode json(String method, String path, String token, Object body)
      throws IOException, InterruptedException {
    HttpRequest request =
        request(path, token)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    HttpResponse<String> response = send(request);
    expect(response, 200, 201);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path, String credential) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + credential)
        .timeout(Duration.ofMinutes(30));
  }

  private static String objectPath(String key) {
    // Keys here are plain ASCII with slashes; encode each segment anyway.
    StringBuilder path = new StringBuilder("/v1/objects");
    for (String segment : key.split("/", -1)) {
      path.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return path.toString();
  }

  private static void expect(HttpResponse<String> response, int... ok) {
    for (int status : ok) {
      if (response.statusCode() == status) {
        return;
      }
    }
    String body = response.body() == null ? "" : response.body();
    throw new BenchFailure(
        response.request().method() + " " + response.request().uri().getPath() + " answered "
            + response.statusCode() + ": " + body.substring(0, Math.min(500, body.length())));
  }

  @Override
  public void close() {
    http.close();
  }

  /** The server refused a request the bench needs. */
  static final class BenchFailure extends RuntimeException {
    BenchFailure(String message) {
      super(message);
    }
  }
}
