package dev.silo.http;

/**
 * Sees every finished request, for metrics. Called on the request's thread after the response;
 * must be quick and must not throw. {@code route} is the matched template ({@code -} for none), so
 * label values stay bounded whatever paths clients send.
 */
@FunctionalInterface
public interface RequestObserver {
  void observe(String method, String route, int status, long nanos, long bytesIn, long bytesOut);

  /** A client closed the connection before it had the whole response. */
  default void disconnected(String route) {}

  RequestObserver NONE = (method, route, status, nanos, bytesIn, bytesOut) -> {};
}
