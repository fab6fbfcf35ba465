package dev.silo.server.tus;

import dev.silo.server.it.Api;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A tiny TUS client over {@link Api}, enough to drive the protocol's edge cases by hand. */
final class Tus {
  static final String V = "1.0.0";
  private final Api api;
  private final String endpoint;

  Tus(Api api) {
    this(api, "/v1/tus/");
  }

  /** {@code endpoint}: the creation URL, e.g. a signed one from {@code POST /v1/uploads}. */
  Tus(Api api, String endpoint) {
    this.api = api;
    this.endpoint = endpoint;
  }

  static String meta(String... kv) {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      pairs.add(kv[i] + " " + Base64.getEncoder().encodeToString(kv[i + 1].getBytes(StandardCharsets.UTF_8)));
    }
    return String.join(",", pairs);
  }

  Api.Resp create(long length, String metadata) {
    return api.send("POST", endpoint, HttpRequest.BodyPublishers.noBody(),
        "Tus-Resumable", V, "Upload-Length", Long.toString(length), "Upload-Metadata", metadata);
  }

  Api.Resp createDeferred(String metadata) {
    return api.send("POST", endpoint, HttpRequest.BodyPublishers.noBody(),
        "Tus-Resumable", V, "Upload-Defer-Length", "1", "Upload-Metadata", metadata);
  }

  Api.Resp createWithUpload(long length, String metadata, byte[] body) {
    return api.send("POST", endpoint, HttpRequest.BodyPublishers.ofByteArray(body),
        "Tus-Resumable", V, "Upload-Length", Long.toString(length), "Upload-Metadata", metadata,
        "Content-Type", "application/offset+octet-stream");
  }

  /** A partial upload (concatenation), its first {@code body} bytes sent with the creation. */
  Api.Resp createPartial(long length, byte[] body) {
    return api.send("POST", endpoint, HttpRequest.BodyPublishers.ofByteArray(body),
        "Tus-Resumable", V, "Upload-Length", Long.toString(length), "Upload-Concat", "partial",
        "Content-Type", "application/offset+octet-stream");
  }

  /** A final upload of the partial uploads at {@code locations} (URLs or paths), in that order. */
  Api.Resp createFinal(String metadata, String... locations) {
    return api.send("POST", endpoint, HttpRequest.BodyPublishers.noBody(),
        "Tus-Resumable", V, "Upload-Concat", "final;" + String.join(" ", locations), "Upload-Metadata", metadata);
  }

  Api.Resp head(String location) {
    return api.send("HEAD", location, HttpRequest.BodyPublishers.noBody(), "Tus-Resumable", V);
  }

  Api.Resp patch(String location, long offset, byte[] body, String... extra) {
    String[] h = new String[6 + extra.length];
    h[0] = "Tus-Resumable";
    h[1] = V;
    h[2] = "Upload-Offset";
    h[3] = Long.toString(offset);
    h[4] = "Content-Type";
    h[5] = "application/offset+octet-stream";
    System.arraycopy(extra, 0, h, 6, extra.length);
    return api.send("PATCH", location, HttpRequest.BodyPublishers.ofByteArray(body), h);
  }

  Api.Resp delete(String location) {
    return api.send("DELETE", location, HttpRequest.BodyPublishers.noBody(), "Tus-Resumable", V);
  }

  static String digest(String algorithm, byte[] bytes) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance(algorithm).digest(bytes));
  }
}
