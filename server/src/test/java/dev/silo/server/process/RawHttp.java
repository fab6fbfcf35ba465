package dev.silo.server.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/**
 * Binary uploads and downloads that stream: bodies come from an {@link InputStream} (with or
 * without a declared length) and downloads are hashed while read, never collected. ({@code
 * dev.silo.server.it.Api} reads bodies as text, which is fine for JSON only.)
 */
public final class RawHttp {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

  private final String base;
  private final String token;

  public RawHttp(String base, String token) {
    this.base = base;
    this.token = token;
  }

  public record Uploaded(int status, String body) {}

  public record Downloaded(int status, long length, String sha256, HttpResponse<?> response) {
    public String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }
  }

  /**
   * Starts a PUT whose body is read from {@code body}; with {@code length} &gt;= 0 it is sent with
   * that Content-Length, otherwise chunked.
   */
  public CompletableFuture<HttpResponse<String>> putAsync(String path, InputStream body, long length, Duration timeout) {
    return sendAsync("PUT", path, body, length, timeout, "Content-Type", "application/octet-stream");
  }

  /** Starts a TUS PATCH of {@code length} bytes read from {@code body}, at {@code offset}. */
  public CompletableFuture<HttpResponse<String>> patchAsync(String path, long offset, InputStream body, long length, Duration timeout) {
    return sendAsync("PATCH", path, body, length, timeout,
        "Content-Type", "application/offset+octet-stream", "Tus-Resumable", "1.0.0", "Upload-Offset", Long.toString(offset));
  }

  private CompletableFuture<HttpResponse<String>> sendAsync(
      String method, String path, InputStream body, long length, Duration timeout, String... headers) {
    HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> body);
    HttpRequest.BodyPublisher publisher =
        length >= 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream;
    HttpRequest request = request(path, timeout).headers(headers).method(method, publisher).build();
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  public Uploaded put(String path, InputStream body, long length, Duration timeout) throws IOException, InterruptedException {
    HttpResponse<String> r = join(putAsync(path, body, length, timeout));
    return new Uploaded(r.statusCode(), r.body());
  }

  public Uploaded put(String path, byte[] body) throws IOException, InterruptedException {
    HttpRequest request = request(path, Duration.ofSeconds(60))
        .header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return new Uploaded(r.statusCode(), r.body());
  }

  /** GET (or HEAD), the body hashed as it streams in; nothing kept but its length and SHA-256. */
  public Downloaded download(String method, String path, Duration timeout) throws IOException, InterruptedException {
    HttpRequest request = request(path, timeout).method(method, HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<InputStream> r = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
    MessageDigest sha = GeneratedStream.sha256();
    long total = 0;
    try (InputStream in = r.body()) {
      byte[] buffer = new byte[1 << 20];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        sha.update(buffer, 0, n);
        total += n;
      }
    }
    return new Downloaded(r.statusCode(), total, HexFormat.of().formatHex(sha.digest()), r);
  }

  public Downloaded get(String path) throws IOException, InterruptedException {
    return download("GET", path, Duration.ofSeconds(60));
  }

  private HttpRequest.Builder request(String path, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private static <T> T join(CompletableFuture<T> f) throws IOException, InterruptedException {
    try {
      return f.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
