package dev.silo.http;

import dev.silo.core.auth.Authenticator;
import dev.silo.core.bucket.BucketCors;
import dev.silo.core.support.IdGenerator;
import java.util.regex.Pattern;
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
 * Jetty 12 serving one route table. Each request runs on its own virtual thread, so handlers are
 * plain blocking code that streams bodies through InputStream and OutputStream.
 */
public final class SiloHttpServer implements AutoCloseable {
  private static final Logger ACCESS = LoggerFactory.getLogger("silo.access");
  private static final Logger LOG = LoggerFactory.getLogger(SiloHttpServer.class);
  private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");

  private final Server server;
  private final ServerConnector connector;
  private final RouteTable routes;
  private final Authentication authentication;
  private final ErrorRenderer errors = new ErrorRenderer();
  private final Cors cors;
  private final TokenCors tokenCors;
  private final Json json;
  private final IdGenerator ids;
  private final RequestObserver observer;

  /**
   * {@code cors}: the server's origins, for every request; {@code bucketCors}: the rules of the
   * bucket a signed URL or upload token was minted for, where the server's origins do not answer.
   */
  public SiloHttpServer(
      String host, int port, Transport transport, RouteTable routes, Authenticator authenticator, Cors cors,
      BucketCors bucketCors, Json json, IdGenerator ids, RequestObserver observer) {
    this.observer = observer;
    this.routes = routes;
    this.authentication = new Authentication(authenticator);
    this.cors = cors;
    this.tokenCors = new TokenCors(routes, authentication, bucketCors);
    this.json = json;
    this.ids = ids;
    ServerFrame.Listening listening = ServerFrame.listen("silo-http", host, port, transport, config -> {});
    this.server = listening.server();
    this.connector = listening.connector();
    server.setHandler(new Dispatch());
    server.setErrorHandler(new RefusalHandler(new JsonRefusals(json, ids)));
  }

  public void start() throws Exception {
    server.start();
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
      String requestId =
          java.util.Optional.ofNullable(request.getHeaders().get("X-Request-Id"))
              .filter(id -> CLIENT_REQUEST_ID.matcher(id).matches())
              .orElseGet(() -> "req_" + ids.base36(20));
      Exchange ex = new Exchange(request, response, requestId, json);
      response.getHeaders().put("X-Request-Id", requestId);
      MDC.put("request_id", requestId);
      String routeName = "-";
      RouteTable.Match match = null;
      try {
        boolean answered = cors.decorate(ex);
        if (cors.isPreflight(ex)) {
          if (!answered) {
            tokenCors.preflight(ex);
          }
          cors.preflight(ex);
        } else {
          match = routes.match(ex.method(), ex.rawPath());
          routeName = match.route().template();
          ex.params(match.params());
          authentication.authenticate(ex, match.route());
          ex.contextIfAny().ifPresent(c -> MDC.put("tenant", c.hasTenant() ? c.tenant().value() : "-"));
          if (!answered) {
            ex.contextIfAny().ifPresent(c -> tokenCors.answer(ex, c));
          }
          match.route().handler().handle(ex);
        }
        callback.succeeded();
      } catch (Throwable t) {
        if (match != null && ex.contextIfAny().isEmpty()) {
          tokenCors.answerRefusal(ex, match.route());
        }
        fail(ex, t, callback, routeName);
      } finally {
        ServerFrame.finish(
            ACCESS, observer, request.getMethod(), ex.rawPath(), routeName, ex.status(), ex.bytesIn(), ex.bytesOut(), start);
      }
      return true;
    }

    private void fail(Exchange ex, Throwable t, Callback callback, String routeName) {
      ErrorRenderer.Rendered r = errors.render(t, ex.requestId());
      if (ex.committed() && ServerFrame.clientGone(t)) {
        // The connection closed while the response was being sent (the client went away, or the
        // server is stopping): nothing failed on our side.
        ServerFrame.disconnected(observer, routeName, ex.bytesOut(), t);
      } else if (r.status() == 500) {
        LOG.error("unhandled error", t);
      } else if (r.status() == 503) {
        LOG.warn("backend unavailable: {}", t.getCause() == null ? t.toString() : t.getCause().toString());
      }
      if (ex.committed()) {
        // Headers are gone: the only honest signal left is to cut the connection.
        callback.failed(t);
        return;
      }
      try {
        r.headers().forEach(ex::header);
        if (ex.hasRequestBody()) {
          ex.drainBeforeAnswer();
        }
        ex.json(r.status(), r.body());
        callback.succeeded();
      } catch (Throwable again) {
        callback.failed(again);
      }
    }
  }
}
