package dev.silo.api.rest;

import dev.silo.core.domain.Acl;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.StandardHeaders;
import dev.silo.core.domain.UserMetadata;
import dev.silo.core.error.RangeNotSatisfiableException;
import dev.silo.core.object.Conditions;
import dev.silo.core.object.IfRange;
import dev.silo.core.object.RangeRequest;
import dev.silo.http.Exchange;
import dev.silo.http.HttpDate;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTTP's request headers into core values, and object metadata into response headers. */
final class HttpHeaders {
  static final String META_PREFIX = "x-silo-meta-";
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  private HttpHeaders() {}

  static Conditions conditions(Exchange ex) {
    return new Conditions(
        ex.header("If-Match").orElse(null),
        ex.header("If-None-Match").orElse(null),
        date(ex.header("If-Modified-Since").orElse(null)),
        date(ex.header("If-Unmodified-Since").orElse(null)));
  }

  /**
   * A single byte range; several ranges are served as the whole object (RFC 9110 lets a server
   * ignore Range), other units too. A malformed bytes range is a 416.
   */
  static RangeRequest range(Exchange ex) {
    RangeRequest range = bytesRange(ex);
    if (range == null) {
      return null;
    }
    String ifRange = ex.header("If-Range").orElse(null);
    return range.onlyIf(IfRange.of(ifRange, HttpDate.parse(ifRange)));
  }

  private static RangeRequest bytesRange(Exchange ex) {
    String h = ex.header("Range").orElse(null);
    if (h == null || !h.trim().toLowerCase(Locale.ROOT).startsWith("bytes=") || h.contains(",")) {
      return null;
    }
    Matcher m = RANGE.matcher(h.trim().toLowerCase(Locale.ROOT).replace(" ", ""));
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      throw bad();
    }
    try {
      if (m.group(1).isEmpty()) {
        return new RangeRequest(null, null, Long.parseLong(m.group(2)));
      }
      long first = Long.parseLong(m.group(1));
      Long last = m.group(2).isEmpty() ? null : Long.parseLong(m.group(2));
      if (last != null && last < first) {
        throw bad();
      }
      return new RangeRequest(first, last, null);
    } catch (NumberFormatException e) {
      throw bad();
    }
  }

  static Map<String, String> userMetadata(Exchange ex) {
    Map<String, String> out = new TreeMap<>();
    for (String name : ex.headerNames()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith(META_PREFIX)) {
        out.put(lower.substring(META_PREFIX.length()), ex.header(name).orElse(""));
      }
    }
    return out;
  }

  /** The standard headers an upload sets: Cache-Control, Content-Disposition and the rest. */
  static StandardHeaders standardHeaders(Exchange ex) {
    return StandardHeaders.of(StandardHeaders.NAMES.stream().map(n -> ex.header(n).orElse(null)).toList());
  }

  static Acl acl(Exchange ex) {
    return Acl.parse(ex.header("X-Silo-Acl").orElse(null));
  }

  /**
   * The headers every representation of an object carries, a 304 included (RFC 9110 asks it to
   * repeat Cache-Control and Expires). The Cache-Control stored with the object wins over the
   * default, which follows the ACL.
   */
  static void describe(Exchange ex, ObjectInfo o) {
    ex.header("ETag", "\"" + o.etag() + "\"");
    ex.header("Last-Modified", httpDate(o.updatedAt()));
    ex.header("Accept-Ranges", "bytes");
    ex.header("X-Silo-Object-Id", o.id().value());
    ex.header("X-Silo-Acl", o.acl().wire());
    StandardHeaders stored = o.headers();
    ex.header(
        "Cache-Control",
        stored.cacheControl() != null
            ? stored.cacheControl()
            : o.acl() == Acl.PUBLIC ? "public, max-age=60" : "private, no-cache");
    if (stored.expires() != null) {
      ex.header("Expires", stored.expires());
    }
  }

  static void contentHeaders(Exchange ex, ObjectInfo o) {
    ex.header("Content-Type", o.contentType());
    ex.header("X-Content-Type-Options", "nosniff");
    StandardHeaders stored = o.headers();
    if (stored.contentDisposition() != null) {
      ex.header("Content-Disposition", stored.contentDisposition());
    }
    if (stored.contentEncoding() != null) {
      ex.header("Content-Encoding", stored.contentEncoding());
    }
    if (stored.contentLanguage() != null) {
      ex.header("Content-Language", stored.contentLanguage());
    }
    if (UserMetadata.fitsHeaders(o.metadata())) {
      o.metadata().forEach((k, v) -> ex.header("X-Silo-Meta-" + k, v));
    } else {
      ex.header("X-Silo-Missing-Meta", Integer.toString(o.metadata().size()));
    }
  }

  static String httpDate(Instant t) {
    return HttpDate.format(t);
  }

  private static Instant date(String v) {
    return HttpDate.parse(v);
  }

  private static RangeNotSatisfiableException bad() {
    return new RangeNotSatisfiableException("invalid_range", "the Range header is malformed or unsatisfiable");
  }
}
