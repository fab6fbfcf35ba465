package dev.silo.server.it;

import dev.silo.api.s3.sigv4.SigV4;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A bare S3 client: signs a request with Signature V4 (header form, unsigned payload) for any
 * method, path, query and body, so that tests can send what no SDK would (negative list limits,
 * malformed XML, a scope for another region).
 */
final class S3Raw {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final DateTimeFormatter AMZ = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String base;
  private final String accessKey;
  private final String secret;
  private final String region;

  S3Raw(String base, String accessKey, String secret, String region) {
    this.base = base;
    this.accessKey = accessKey;
    this.secret = secret;
    this.region = region;
  }

  String accessKey() {
    return accessKey;
  }

  String secret() {
    return secret;
  }

  S3Raw inRegion(String other) {
    return new S3Raw(base, accessKey, secret, other);
  }

  /** {@code query}: name/value pairs, not yet encoded (a null value is a bare {@code ?name}). */
  Api.Resp send(String method, String path, List<Map.Entry<String, String>> query, byte[] body, String... headers) {
    String amzDate = AMZ.format(Clock.systemUTC().instant());
    String date = amzDate.substring(0, 8);
    String host = URI.create(base).getAuthority();
    List<Map.Entry<String, String>> decoded = new ArrayList<>();
    StringBuilder qs = new StringBuilder();
    for (Map.Entry<String, String> p : query) {
      decoded.add(new AbstractMap.SimpleEntry<>(p.getKey(), p.getValue() == null ? "" : p.getValue()));
      qs.append(qs.isEmpty() ? "?" : "&").append(SigV4.uriEncode(p.getKey(), true));
      if (p.getValue() != null) {
        qs.append('=').append(SigV4.uriEncode(p.getValue(), true));
      }
    }
    List<String> signed = List.of("host", "x-amz-content-sha256", "x-amz-date");
    Map<String, String> values = Map.of("host", host, "x-amz-content-sha256", SigV4.UNSIGNED_PAYLOAD, "x-amz-date", amzDate);
    String canonical =
        SigV4.canonicalRequest(
            method, SigV4.canonicalUri(path), SigV4.canonicalQuery(decoded),
            SigV4.canonicalHeaders(signed, n -> List.of(values.get(n))), signed, SigV4.UNSIGNED_PAYLOAD);
    String scope = date + "/" + region + "/s3/aws4_request";
    String signature = SigV4.signature(SigV4.signingKey(secret, date, region, "s3"), SigV4.stringToSign(amzDate, scope, canonical));
    List<Map.Entry<String, String>> sent = new ArrayList<>();
    sent.add(Map.entry("x-amz-date", amzDate));
    sent.add(Map.entry("x-amz-content-sha256", SigV4.UNSIGNED_PAYLOAD));
    sent.add(Map.entry("Authorization", SigV4.ALGORITHM + " Credential=" + accessKey + "/" + scope
        + ", SignedHeaders=" + String.join(";", signed) + ", Signature=" + signature));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      sent.add(Map.entry(headers[i], headers[i + 1]));
    }
    if (body != null && body.length > 1024 * 1024) {
      return EarlyAnswerClient.send(URI.create(base + path + qs), method, body, sent);
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path + qs))
            .timeout(Duration.ofSeconds(60))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    sent.forEach(h -> b.header(h.getKey(), h.getValue()));
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Api.Resp(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Map.Entry<String, String> p(String name, String value) {
    return new AbstractMap.SimpleEntry<>(name, value);
  }
}
