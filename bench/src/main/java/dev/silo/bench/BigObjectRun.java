package dev.silo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.silo.bench.SiloHttp.BenchFailure;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams one large generated object up, then down again, hashing both ways: the upload is never
 * held in memory and the download is discarded as it arrives, checked by size and SHA-256.
 */
final class BigObjectRun {
  private final SiloHttp http;
  private final String apiKey;
  private final long size;
  private final String key;

  BigObjectRun(SiloHttp http, String apiKey, long size, String runId) {
    this.http = http;
    this.apiKey = apiKey;
    this.size = size;
    this.key = key(runId);
  }

  static String key(String runId) {
    return "bench/" + runId + "/big.bin";
  }

  List<Result> run() throws IOException, InterruptedException {
    AtomicReference<MessageDigest> uploadDigest = new AtomicReference<>();
    // The supplier may be called again if the client retries; each call starts a fresh hash.
    HttpRequest.BodyPublisher body =
        HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(
                () -> {
                  MessageDigest digest = sha256();
                  uploadDigest.set(digest);
                  return new DigestInputStream(new PatternStream(size, 42), digest);
                }),
            size);
    long start = System.nanoTime();
    JsonNode object = http.put(apiKey, key, body, "application/octet-stream");
    long putNanos = System.nanoTime() - start;
    String sent = HexFormat.of().formatHex(uploadDigest.get().digest());
    String stored = object.path("sha256").asText(null);
    if (stored != null && !stored.equalsIgnoreCase(sent)) {
      throw new BenchFailure("server reports sha256 " + stored + " for an upload of " + sent);
    }
    if (object.has("size") && object.path("size").asLong() != size) {
      throw new BenchFailure("server reports size " + object.path("size").asLong() + ", sent " + size);
    }

    MessageDigest downloadDigest = sha256();
    long received = 0;
    start = System.nanoTime();
    try (InputStream in = http.get(apiKey, key)) {
      byte[] buffer = new byte[256 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        downloadDigest.update(buffer, 0, n);
        received += n;
      }
    }
    long getNanos = System.nanoTime() - start;
    String got = HexFormat.of().formatHex(downloadDigest.digest());
    if (received != size || !got.equals(sent)) {
      throw new BenchFailure(
          "download differs: " + received + " bytes sha256 " + got + ", uploaded " + size + " bytes sha256 " + sent);
    }
    String label = Result.human(size);
    return List.of(
        new Result("PUT " + label + " streamed", 1, size, putNanos, new long[] {putNanos}),
        new Result("GET " + label + " + sha256 check", 1, size, getNanos, new long[] {getNanos}));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
