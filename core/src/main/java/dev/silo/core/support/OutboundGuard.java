package dev.silo.core.support;

import dev.silo.core.error.InvalidInputException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Refuses outbound requests (webhooks, JWKS fetches) to loopback, private, link-local and other
 * non-public addresses, so that a tenant cannot aim Silo at its own network (SSRF). The operator
 * may allow them ({@code SILO_WEBHOOK_ALLOW_PRIVATE=true}; the tests do). The name is resolved
 * and every address checked; the request itself resolves again, so a name that changes between
 * the two (DNS rebinding) is not covered.
 */
public final class OutboundGuard {
  /** The guard that lets everything through. */
  public static final OutboundGuard ALLOW_ALL = new OutboundGuard(true);

  private final boolean allowPrivate;

  public OutboundGuard(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  public boolean allowsPrivate() {
    return allowPrivate;
  }

  /** Throws {@link InvalidInputException} (code {@code invalid_url}) unless the URL may be called. */
  public URI check(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (Exception e) {
      throw refused("not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw refused("only http and https URLs are allowed");
    }
    if (uri.getUserInfo() != null) {
      throw refused("URLs with credentials are not allowed");
    }
    if (allowPrivate) {
      return uri;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      throw refused("the host does not resolve");
    }
    for (InetAddress a : addresses) {
      if (!isPublic(a)) {
        throw refused("the host resolves to a private, loopback or link-local address");
      }
    }
    return uri;
  }

  static boolean isPublic(InetAddress a) {
    if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (b.length == 4) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return !(first == 0
          || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
          || (first == 198 && (second == 18 || second == 19)) // benchmarking
          || first >= 240);
    }
    // IPv6 unique local fc00::/7, and IPv4-mapped forms of the above
    if ((b[0] & 0xfe) == 0xfc) {
      return false;
    }
    if (isMapped(b)) {
      try {
        return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return true;
  }

  private static boolean isMapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  private static InvalidInputException refused(String why) {
    return new InvalidInputException("invalid_url", why);
  }
}
