package dev.silo.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What Silo's two HTTP servers (the REST API and the S3 endpoint) share: a Jetty 12 server whose
 * requests each run on a virtual thread, so handlers are plain blocking code, and the end of
 * every request (its metrics, its access-log line, the log context cleared).
 */
public final class ServerFrame {
  private static final Logger LOG = LoggerFactory.getLogger(ServerFrame.class);

  private ServerFrame() {}

  /** A Jetty server and the connector it listens on. */
  public record Listening(Server server, ServerConnector connector) {}

  /**
   * A server on {@code host:port} whose requests run on virtual threads named after {@code name}.
   * Paths are not judged by Jetty ({@link UriCompliance#UNSAFE}): keys follow the core's own rules,
   * and Jetty would answer an ambiguous path itself, in a format neither API speaks. {@code tune}
   * adjusts the HTTP configuration further. Over {@link Transport.Tls} the port speaks only HTTPS.
   */
  public static Listening listen(
      String name, String host, int port, Transport transport, Consumer<HttpConfiguration> tune) {
    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setName(name);
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server server = new Server(pool);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendDateHeader(true);
    config.setUriCompliance(UriCompliance.UNSAFE);
    tune.accept(config);
    ServerConnector connector =
        switch (transport) {
          case Transport.Plain plain -> new ServerConnector(server, new HttpConnectionFactory(config));
          case Transport.Tls tls -> {
            // No SNI checks: clients check the certificate's names themselves, and Jetty's check
            // would refuse a Host that is an address or a name the certificate does not list
            config.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
            yield new ServerConnector(server, tls.tls().newFactory(), new HttpConnectionFactory(config));
          }
        };
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    return new Listening(server, connector);
  }

  /** The most of a refused request's body read and dropped so that its client sees the answer. */
  public static final long DISCARD_LIMIT = 32L << 20;

  /**
   * Readies a refused request's connection for its error answer, on either port and whatever the
   * status: a small unread rest of the body is read and dropped first ({@link #discardRest}), so
   * that a client still sending sees the answer; after a larger one the connection closes, and the
   * answer says so, so that clients never reuse it.
   */
  public static void drainBeforeAnswer(Request request, Response response, long alreadyRead) {
    if (!discardRest(request, alreadyRead, DISCARD_LIMIT)) {
      response.getHeaders().put("Connection", "close");
    }
  }

  /**
   * Reads and drops what is left of a request body, when that is at most {@code limit} bytes;
   * true when the body was read to its end. Answering an error while a client is still sending
   * makes the server close the connection, and the client then often sees a reset instead of the
   * answer. A larger rest is not worth reading: the caller closes the connection instead.
   */
  public static boolean discardRest(Request request, long alreadyRead, long limit) {
    long length = request.getLength();
    if (length >= 0 && length - alreadyRead > limit) {
      return false;
    }
    InputStream rest = Content.Source.asInputStream(request);
    byte[] sink = new byte[64 * 1024];
    try {
      for (long read = 0; read <= limit; ) {
        int n = rest.read(sink);
        if (n < 0) {
          return true;
        }
        read += n;
      }
      return false;
    } catch (IOException | RuntimeException gone) {
      return false;
    }
  }

  /**
   * Whether a failure is the client going away while its answer was being sent (a closed
   * connection, a reset): normal on the Internet, nothing that failed on the server's side.
   */
  public static boolean clientGone(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof org.eclipse.jetty.io.EofException || c instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
    }
    return false;
  }

  /**
   * A response cut short by the client: a DEBUG line with what was sent, and the observer counts
   * it ({@code silo_client_disconnects_total}).
   */
  public static void disconnected(RequestObserver observer, String route, long bytesSent, Throwable t) {
    LOG.debug("client went away after {} bytes of the response: {}", bytesSent, t.toString());
    try {
      observer.disconnected(route);
    } catch (RuntimeException e) {
      LOG.debug("request observer failed: {}", e.toString());
    }
  }

  /**
   * Ends a request: tells the observer (never failing the request for it), writes the access-log
   * line and clears the log context. {@code route} is the route template or operation, never the
   * raw path, so metric labels stay bounded.
   */
  public static void finish(
      Logger access, RequestObserver observer, String method, String path, String route, int status, long bytesIn,
      long bytesOut, long startNanos) {
    long nanos = System.nanoTime() - startNanos;
    try {
      observer.observe(method, route, status, nanos, bytesIn, bytesOut);
    } catch (RuntimeException e) {
      LOG.debug("request observer failed: {}", e.toString());
    }
    access.info(
        "{} {} route={} status={} bytes_out={} duration_ms={}",
        method,
        path,
        route,
        status,
        bytesOut,
        milliseconds(nanos));
    MDC.clear();
  }

  /** Milliseconds to a tenth, rounded half up, as {@code %.1f} would print them, without the formatter's cost. */
  static String milliseconds(long nanos) {
    long tenths = (nanos + 50_000) / 100_000;
    return tenths / 10 + "." + tenths % 10;
  }
}
