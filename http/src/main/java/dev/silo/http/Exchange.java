package dev.silo.http;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

/**
 * What a handler sees of one HTTP request and response: headers, query and path parameters, the
 * body as a stream, and ways to answer. Bodies are never buffered whole.
 */
public final class Exchange {
  private final Request request;
  private final Response response;
  private final String requestId;
  private final Json json;
  private Fields query;
  private Map<String, String> params = Map.of();
  private RequestContext context;
  private boolean committed;
  private long bytesOut;
  private RequestBody body;

  Exchange(Request request, Response response, String requestId, Json json) {
    this.request = request;
    this.response = response;
    this.requestId = requestId;
    this.json = json;
  }

  // ------------------------------------------------------------- request

  public String method() {
    return request.getMethod();
  }

  public String rawPath() {
    return request.getHttpURI().getPath();
  }

  public String requestId() {
    return requestId;
  }

  public String clientAddress() {
    return Request.getRemoteAddr(request);
  }

  /**
   * A request header. Not a credential header ({@code Authorization}, {@code x-tenant-id}): those
   * are {@link Authentication}'s alone, so a handler that tried to read one fails its first test.
   */
  public Optional<String> header(String name) {
    if (name.equalsIgnoreCase(Authentication.AUTHORIZATION) || name.equalsIgnoreCase(Authentication.TENANT_HEADER)) {
      throw new IllegalStateException("credentials are read by Authentication only, not by handlers: " + name);
    }
    return credentialHeader(name);
  }

  Optional<String> credentialHeader(String name) {
    return Optional.ofNullable(request.getHeaders().get(name));
  }

  public List<String> headerNames() {
    return request.getHeaders().stream().map(HttpField::getName).distinct().toList();
  }

  /**
   * A query parameter. Not {@code token}, which carries signed URLs and upload tokens: only
   * {@link Authentication} reads it.
   */
  public Optional<String> query(String name) {
    if (name.equals(Authentication.TOKEN)) {
      throw new IllegalStateException("credentials are read by Authentication only, not by handlers: ?" + name);
    }
    return credentialQuery(name);
  }

  Optional<String> credentialQuery(String name) {
    if (query == null) {
      query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    }
    String v = query.getValue(name);
    if (v != null && v.indexOf('\0') >= 0) {
      throw new InvalidInputException("invalid_parameter", name + " must not contain a NUL character");
    }
    return Optional.ofNullable(v);
  }

  public Optional<Long> queryLong(String name) {
    return query(name).map(v -> parseLong(name, v));
  }

  /**
   * A page size ({@code ?limit=}): absent, empty; otherwise 1 to 1000, checked as the number sent
   * (a value beyond an int must not wrap into range).
   */
  public Optional<Integer> pageLimit() {
    return queryLong("limit").map(n -> {
      if (n < 1 || n > 1000) {
        throw new InvalidInputException("invalid_limit", "limit must be between 1 and 1000");
      }
      return n.intValue();
    });
  }

  public String param(String name) {
    String v = params.get(name);
    if (v == null) {
      throw new IllegalStateException("route has no parameter " + name);
    }
    return v;
  }

  void params(Map<String, String> params) {
    this.params = params;
  }

  public RequestContext context() {
    if (context == null) {
      throw new IllegalStateException("route is not authenticated");
    }
    return context;
  }

  void context(RequestContext context) {
    this.context = context;
  }

  public Optional<RequestContext> contextIfAny() {
    return Optional.ofNullable(context);
  }

  /** The declared body length, or null when the body is chunked. */
  public Long contentLength() {
    long n = request.getLength();
    return n < 0 ? null : n;
  }

  /** Whether the request announced a body (a length above zero, or a chunked one). */
  boolean hasRequestBody() {
    return request.getLength() > 0 || request.getHeaders().contains("Transfer-Encoding");
  }

  /** The request body (counted for the access log); the same stream on every call. */
  public InputStream body() {
    if (body == null) {
      body = new RequestBody(request);
    }
    return body;
  }

  /** Reads a JSON body into {@code type}; an empty body reads as an empty object. */
  public <T> T readJson(Class<T> type) {
    try {
      return json.read(new BoundedInputStream(body(), Json.MAX_BODY_BYTES), type);
    } catch (IOException e) {
      throw new InvalidInputException("invalid_body", "the request body could not be read");
    }
  }

  /** See {@link ServerFrame#drainBeforeAnswer}. */
  void drainBeforeAnswer() {
    ServerFrame.drainBeforeAnswer(request, response, bytesIn());
  }

  // ------------------------------------------------------------ response

  public void header(String name, String value) {
    response.getHeaders().put(name, value);
  }

  boolean hasResponseHeader(String name) {
    return response.getHeaders().contains(name);
  }

  public void status(int status) {
    response.setStatus(status);
  }

  public void json(int status, Object body) throws IOException {
    json.send(body, (length, bytes) -> {
      response.setStatus(status);
      response.getHeaders().put("Content-Type", "application/json");
      response.getHeaders().put("Content-Length", length);
      committed = true;
      try (OutputStream out = Content.Sink.asOutputStream(response)) {
        bytes.sendTo(out); // blocks until written: the buffer is reused after
      }
      bytesOut += length;
    });
  }

  public void empty(int status) throws IOException {
    response.setStatus(status);
    committed = true;
    if (status != 304 && status != 204) {
      response.getHeaders().put("Content-Length", 0);
    }
    Content.Sink.asOutputStream(response).close();
  }

  /** Streams {@code in} as the body, with the given length (headers set by the caller). */
  public void stream(int status, long length, InputStream in, boolean withBody) throws IOException {
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

  /**
   * Starts a response of unknown length (an event stream) and returns its body. Each write is sent
   * at once; a write to a client that went away throws an {@link IOException}. Close it to end the
   * response.
   */
  public OutputStream openStream(int status, String contentType) {
    response.setStatus(status);
    response.getHeaders().put("Content-Type", contentType);
    committed = true;
    OutputStream out = Content.Sink.asOutputStream(response);
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        bytesOut += len;
      }

      @Override
      public void write(int b) throws IOException {
        out.write(b);
        bytesOut++;
      }
    };
  }

  /** False once the connection is closed: the client went away, or the server is stopping. */
  public boolean isOpen() {
    var connection = request.getConnectionMetaData().getConnection();
    return connection == null || connection.getEndPoint().isOpen();
  }

  boolean committed() {
    return committed || response.isCommitted();
  }

  long bytesOut() {
    return bytesOut;
  }

  long bytesIn() {
    return body == null ? 0 : body.count();
  }

  int status() {
    return response.getStatus();
  }

  Response response() {
    return response;
  }

  private static long parseLong(String name, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new InvalidInputException("invalid_parameter", name + " must be an integer");
    }
  }
}
