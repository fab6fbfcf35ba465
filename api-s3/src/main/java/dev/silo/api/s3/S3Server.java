package dev.silo.api.s3;

import dev.silo.api.s3.sigv4.SigV4;
import dev.silo.core.auth.Authenticator;
import dev.silo.core.bucket.BucketService;
import dev.silo.core.multipart.MultipartService;
import dev.silo.core.object.ObjectService;
import dev.silo.core.support.IdGenerator;
import dev.silo.http.Cors;
import dev.silo.http.RefusalHandler;
import dev.silo.http.RequestObserver;
import dev.silo.http.ServerFrame;
import java.time.Clock;
import java.util.Locale;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The S3-compatible endpoint on its own port: Jetty handing each request, on a virtual thread, to
 * one dispatcher that addresses (path or virtual host), authenticates (SigV4), authorizes from
 * the route table and runs the operation's handler; every failure is S3's XML error.
 */
public final class S3Server implements AutoCloseable {
  private static final Logger ACCESS = LoggerFactory.getLogger("silo.s3.access");
  private static final Logger LOG = LoggerFactory.getLogger(S3Server.class);
  /**
   * What a page may read of an S3 answer: the ETag (a browser's multipart upload names its parts
   * by it), versions, checksums, ranges; {@code *} adds the rest (user metadata) for requests
   * without cookies, which is every S3 request.
   */
  private static final String EXPOSED =
      "*, ETag, Content-Length, Content-Range, Accept-Ranges, Last-Modified, Content-Disposition, Content-Encoding,"
          + " x-amz-request-id, x-amz-version-id, x-amz-delete-marker, x-amz-server-side-encryption, x-amz-mp-parts-count,"
          + " x-amz-checksum-crc32, x-amz-checksum-crc32c, x-amz-checksum-crc64nvme, x-amz-checksum-sha1, x-amz-checksum-sha256,"
          + " x-amz-checksum-type, x-amz-object-lock-mode, x-amz-object-lock-retain-until-date, x-amz-object-lock-legal-hold";

  /**
   * The core services S3 speaks for: {@code versions} for ListObjectVersions and {@code versionId},
   * {@code bucketCors} for the CORS rules of the bucket a browser's request addresses.
   */
  public record Services(
      BucketService buckets, ObjectService objects, MultipartService multipart, Authenticator authenticator,
      dev.silo.core.version.VersionService versions, dev.silo.core.bucket.BucketCors bucketCors) {}

  private final Server server;
  private final ServerConnector connector;
  private final S3Settings settings;
  private final S3Routes routes;
  private final RequestAuth auth;
  private final IdGenerator ids;
  private final RequestObserver observer;
  private final S3Cors cors;

  public S3Server(S3Settings settings, Services services, IdGenerator ids, Clock clock) {
    this(settings, services, ids, clock, RequestObserver.NONE);
  }

  /** {@code observer} sees each request with {@code s3:<operation>} as its route, for the metrics. */
  public S3Server(S3Settings settings, Services services, IdGenerator ids, Clock clock, RequestObserver observer) {
    this.observer = observer;
    this.settings = settings;
    this.cors = new S3Cors(settings.cors().exposing(EXPOSED), services.bucketCors());
    this.ids = ids;
    this.auth =
        new RequestAuth(
            services.authenticator(),
            clock,
            settings.trustedProxies(),
            settings.region(),
            settings.sigV2() ? java.util.Optional.of(new SigV2Auth(clock)) : java.util.Optional.empty());
    ObjectOps objectOps = new ObjectOps(services.objects(), services.versions());
    this.routes =
        new S3Routes(
            new ServiceOps(services.buckets()),
            new BucketOps(services.buckets(), services.versions(), settings.region(), settings.encryption(), settings.cors()),
            new ListOps(services.objects(), services.versions()),
            objectOps,
            new MultipartOps(services.multipart(), services.objects(), objectOps, clock),
            new ObjectLockOps(services.buckets(), services.versions()),
            new AclOps(services.buckets(), services.objects(), services.versions()),
            new UnsetConfigurations(services.buckets()));
    // Signatures cover header values exactly as sent: Jetty's header cache would otherwise hand
    // back its own spelling of a common value ("charset=UTF-8" as "charset=utf-8")
    ServerFrame.Listening listening =
        ServerFrame.listen(
            "silo-s3", settings.host(), settings.port(), settings.transport(),
            config -> config.setHeaderCacheCaseSensitive(true));
    this.server = listening.server();
    this.connector = listening.connector();
    server.setHandler(new Dispatch());
    server.setErrorHandler(new RefusalHandler(new S3Refusals(ids)));
  }

  public void start() throws Exception {
    server.start();
  }

  /** One operation the endpoint serves: method, what it addresses, the sub-resource that selects it. */
  public record Operation(String name, String method, String target, String subresource) {}

  /** Every operation of the route table, so that tests can walk them all, including ones added later. */
  public java.util.List<Operation> operations() {
    return routes.routes().stream()
        .map(r -> new Operation(r.operation(), r.method(), r.target().name(), r.subresource()))
        .toList();
  }

  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  private final class Dispatch extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      long start = System.nanoTime();
      String requestId = ids.base36(16).toUpperCase(Locale.ROOT);
      S3Exchange ex = new S3Exchange(request, response, requestId);
      response.getHeaders().put("x-amz-request-id", requestId);
      response.getHeaders().put("Server", "Silo");
      MDC.put("request_id", requestId);
      String operation = "-";
      try {
        if (Cors.isPreflight(request.getMethod(), ex.header("Access-Control-Request-Method"))) {
          operation = "CorsPreflight";
          cors.preflight(ex, addressed(ex));
          callback.succeeded();
          return true;
        }
        cors.answerFromServer(ex);
        address(ex);
        auth.authenticate(ex);
        cors.answerFromBucket(ex);
        MDC.put("tenant", ex.context().tenant().value());
        S3Routes.Route route = routes.match(ex);
        operation = route.operation();
        ex.context().require(route.scope());
        if (ex.hasBucket()) {
          ex.context().requireBucket(ex.bucket());
        }
        requireExpectedOwner(ex);
        route.handler().handle(ex);
        callback.succeeded();
      } catch (Throwable t) {
        fail(ex, t, callback, "s3:" + operation);
      } finally {
        ServerFrame.finish(
            ACCESS, observer, request.getMethod(), ex.rawPath(), "s3:" + operation, ex.status(), ex.bytesIn(),
            ex.bytesOut(), start);
      }
      return true;
    }

    private void fail(S3Exchange ex, Throwable t, Callback callback, String route) {
      S3Errors.Mapped m = S3Errors.map(t);
      if (ex.committed() && ServerFrame.clientGone(t)) {
        ServerFrame.disconnected(observer, route, ex.bytesOut(), t);
      } else if (m.status() == 500) {
        LOG.error("unhandled error", t);
      } else if (m.status() == 503) {
        LOG.warn("backend unavailable: {}", t.getCause() == null ? t.toString() : t.getCause().toString());
      }
      if (ex.committed()) {
        callback.failed(t);
        return;
      }
      try {
        cors.answerError(ex);
        ex.drainBeforeAnswer();
        Xml x = Xml.plain("Error");
        x.el("Code", m.code()).el("Message", m.message());
        if (m.region() != null) {
          x.el("Region", m.region());
        }
        x.el("Resource", ex.rawPath()).el("RequestId", ex.requestId());
        ex.xml(m.status(), x.end("Error"));
        callback.succeeded();
      } catch (Throwable again) {
        callback.failed(again);
      }
    }
  }

  /**
   * {@code x-amz-expected-bucket-owner} and {@code x-amz-source-expected-bucket-owner}: a tenant's
   * buckets are all its own, so the owner ListBuckets names (the tenant's id) is the only one that
   * passes, as on S3; any other is 403 before anything is read or written.
   */
  private static void requireExpectedOwner(S3Exchange ex) {
    String owner = ex.context().tenant().value();
    for (String header : new String[] {"x-amz-expected-bucket-owner", "x-amz-source-expected-bucket-owner"}) {
      if (ex.header(header).filter(expected -> !expected.equals(owner)).isPresent()) {
        throw new S3Error(403, "AccessDenied", "Access Denied");
      }
    }
  }

  /** Whether the request's bucket and key could be read: a preflight's, whose rules are the bucket's. */
  private boolean addressed(S3Exchange ex) {
    try {
      address(ex);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The bucket and key a request addresses: {@code <bucket>.<base domain>} names the bucket when
   * virtual-host addressing is configured, else the first path segment does.
   */
  private void address(S3Exchange ex) {
    String path = ex.rawPath();
    String rest = path.startsWith("/") ? path.substring(1) : path;
    String host = hostOf(ex);
    if (settings.baseDomain() != null && host != null && host.endsWith("." + settings.baseDomain())) {
      String bucket = host.substring(0, host.length() - settings.baseDomain().length() - 1);
      ex.addressInHost(bucket, rest.isEmpty() ? null : SigV4.percentDecode(rest));
      return;
    }
    if (rest.isEmpty()) {
      ex.address(null, null);
      return;
    }
    int slash = rest.indexOf('/');
    if (slash < 0 || slash == rest.length() - 1) {
      ex.address(SigV4.percentDecode(slash < 0 ? rest : rest.substring(0, slash)), null);
      return;
    }
    ex.address(SigV4.percentDecode(rest.substring(0, slash)), SigV4.percentDecode(rest.substring(slash + 1)));
  }

  private String hostOf(S3Exchange ex) {
    String host = null;
    if (settings.trustedProxies().contains(ex.clientAddress())) {
      host = ex.header("X-Forwarded-Host").orElse(null);
    }
    if (host == null) {
      host = ex.header("Host").orElse(null);
    }
    if (host == null) {
      return null;
    }
    host = host.strip().toLowerCase(Locale.ROOT);
    int colon = host.lastIndexOf(':');
    return colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
  }
}
