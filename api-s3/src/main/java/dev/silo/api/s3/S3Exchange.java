package dev.silo.api.s3;

import dev.silo.api.s3.sigv4.SigV4;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectKey;
import dev.silo.http.ResponseBodies;
import dev.silo.http.RequestBody;
import dev.silo.http.ServerFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * One S3 request and its response: the raw path and query as received (for the signature), the
 * addressed bucket and key, the authenticated context and body, and ways to answer.
 */
final class S3Exchange {
  private final Request request;
  private final Response response;
  private final String requestId;
  private final List<Map.Entry<String, String>> query;
  private String bucket;
  private String key;
  private boolean bucketInHost;
  private RequestContext context;
  private InputStream body;
  private ChecksummedBody checksummed;
  private PostForm postForm;
  private RequestBody raw;
  private Long contentLength;
  private boolean committed;
  private long bytesOut;

  S3Exchange(Request request, Response response, String requestId) {
    this.request = request;
    this.response = response;
    this.requestId = requestId;
    this.query = parseQuery(request.getHttpURI().getQuery());
  }

  // ------------------------------------------------------------- request

  String method() {
    return request.getMethod();
  }

  String rawPath() {
    String p = request.getHttpURI().getPath();
    return p == null || p.isEmpty() ? "/" : p;
  }

  String requestId() {
    return requestId;
  }

  String clientAddress() {
    return Request.getRemoteAddr(request);
  }

  /** Query parameters in order, percent-decoded once. */
  List<Map.Entry<String, String>> queryParams() {
    return query;
  }

  boolean has(String param) {
    return query.stream().anyMatch(e -> e.getKey().equals(param));
  }

  /** A query parameter's value; a NUL in it is refused here, once, as no parameter can mean one. */
  Optional<String> query(String param) {
    Optional<String> v = query.stream().filter(e -> e.getKey().equals(param)).map(Map.Entry::getValue).findFirst();
    if (v.isPresent() && v.get().indexOf('\0') >= 0) {
      throw S3Error.invalidArgument("argument " + param + " must not contain a NUL character");
    }
    return v;
  }

  /**
   * An integer list parameter ({@code max-keys}, {@code max-parts}…): absent or empty gives {@code
   * dflt}; below {@code min}, not a decimal integer, or beyond an int is 400 InvalidArgument (as S3
   * answers); above {@code cap} is served as {@code cap}, as S3 caps a page at 1000.
   */
  int intParam(String name, int min, int cap, int dflt) {
    String v = query(name).orElse("");
    if (v.isEmpty()) {
      return dflt;
    }
    int n;
    try {
      n = v.length() > 10 ? -1 : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < min || !v.chars().allMatch(Character::isDigit)) {
      throw S3Error.invalidArgument("argument " + name + " must be an integer between " + min + " and 2147483647");
    }
    return Math.min(n, cap);
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(request.getHeaders().get(name));
  }

  /** Every value of a header, exactly as received, one per field line. */
  List<String> headerValues(String name) {
    List<String> out = new ArrayList<>();
    for (HttpField f : request.getHeaders()) {
      if (f.getName().equalsIgnoreCase(name)) {
        out.add(f.getValue());
      }
    }
    return out;
  }

  List<HttpField> headers() {
    List<HttpField> out = new ArrayList<>();
    request.getHeaders().forEach(out::add);
    return out;
  }

  /** The declared body length, or null when chunked. */
  Long declaredLength() {
    long n = request.getLength();
    return n < 0 ? null : n;
  }

  /** The request body as sent (counted for the metrics); opened once. */
  InputStream rawBody() {
    if (raw == null) {
      raw = new RequestBody(request);
    }
    return raw;
  }

  /** See {@link ServerFrame#drainBeforeAnswer}. */
  void drainBeforeAnswer() {
    ServerFrame.drainBeforeAnswer(request, response, bytesIn());
  }

  /** Request body bytes read so far. */
  long bytesIn() {
    return raw == null ? 0 : raw.count();
  }

  void address(String bucket, String key) {
    this.bucket = bucket;
    this.key = key;
  }

  /** Addresses a bucket named in the Host header (virtual-host style). */
  void addressInHost(String bucket, String key) {
    address(bucket, key);
    this.bucketInHost = true;
  }

  boolean bucketInHost() {
    return bucketInHost;
  }

  boolean hasBucket() {
    return bucket != null;
  }

  boolean hasKey() {
    return key != null;
  }

  String bucketText() {
    return bucket;
  }

  BucketName bucket() {
    return new BucketName(bucket);
  }

  ObjectKey key() {
    if (key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > ObjectKey.MAX_BYTES) {
      throw new S3Error(400, "KeyTooLongError", "Your key is too long");
    }
    return new ObjectKey(key);
  }

  String keyText() {
    return key;
  }

  void authenticated(RequestContext context, InputStream body, Long contentLength) {
    this.context = context;
    this.body = body;
    this.contentLength = contentLength;
  }

  RequestContext context() {
    return context;
  }

  /** The form of a browser form upload, authenticated by its fields. */
  void postForm(PostForm form) {
    this.postForm = form;
  }

  java.util.Optional<PostForm> postForm() {
    return java.util.Optional.ofNullable(postForm);
  }

  /** The body's additional checksum, checked as it is read. */
  void checksummed(ChecksummedBody body) {
    this.checksummed = body;
  }

  /** The checksum the body matched, answered as S3 answers an upload (nothing when none was declared). */
  void checksumHeader() {
    if (checksummed != null) {
      checksummed.answer().ifPresent(h -> header(h[0], h[1]));
    }
  }

  /** The verified body: signatures and digests are checked as it is read. */
  InputStream body() {
    return body;
  }

  /** The length of the decoded body, or null when unknown. */
  Long contentLength() {
    return contentLength;
  }

  // ------------------------------------------------------------ response

  void header(String name, String value) {
    response.getHeaders().put(name, value);
  }

  boolean hasResponseHeader(String name) {
    return response.getHeaders().contains(name);
  }

  /** Sends a complete document, then hands its array back ({@link Xml#release}). */
  void xml(int status, Xml xml) throws IOException {
    response.setStatus(status);
    response.getHeaders().put("Content-Type", "application/xml");
    response.getHeaders().put("Content-Length", xml.length());
    committed = true;
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      if (!method().equals("HEAD")) {
        // the write blocks until Jetty has sent the bytes, so the array is free again after it
        xml.writeTo(out);
        bytesOut += xml.length();
      }
    } finally {
      xml.release();
    }
  }

  void empty(int status) throws IOException {
    response.setStatus(status);
    committed = true;
    if (status != 204 && status != 304) {
      response.getHeaders().put("Content-Length", 0);
    }
    Content.Sink.asOutputStream(response).close();
  }

  void stream(int status, long length, InputStream in, boolean withBody) throws IOException {
    response.setStatus(status);
    response.getHeaders().put("Content-Length", length);
    committed = true;
    try (in) {
      if (withBody) {
        ResponseBodies.send(request, response, in, length, n -> bytesOut += n);
      } else {
        Content.Sink.asOutputStream(response).close();
      }
    }
  }

  boolean committed() {
    return committed || response.isCommitted();
  }

  int status() {
    return response.getStatus();
  }

  long bytesOut() {
    return bytesOut;
  }

  private static List<Map.Entry<String, String>> parseQuery(String raw) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.add(new AbstractMap.SimpleImmutableEntry<>(SigV4.percentDecode(name), SigV4.percentDecode(value)));
    }
    return out;
  }
}
