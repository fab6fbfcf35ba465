package dev.silo.http;

import dev.silo.http.tls.ServerTls;

/** How a port speaks: plain HTTP, or HTTPS with Silo's own certificate. */
public sealed interface Transport {
  Transport PLAIN = new Plain();

  /** The scheme of URLs that reach a port of this transport. */
  String scheme();

  /** Plain HTTP (TLS, if any, ends at a proxy in front). */
  record Plain() implements Transport {
    @Override
    public String scheme() {
      return "http";
    }
  }

  /** HTTPS, TLS 1.2 and 1.3 only. */
  record Tls(ServerTls tls) implements Transport {
    public Tls {
      java.util.Objects.requireNonNull(tls, "tls");
    }

    @Override
    public String scheme() {
      return "https";
    }
  }
}
