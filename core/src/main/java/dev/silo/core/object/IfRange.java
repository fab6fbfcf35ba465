package dev.silo.core.object;

import dev.silo.core.domain.ObjectInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * RFC 9110's {@code If-Range}: serve the range only if the client's copy is still current, else
 * the whole object, so a resumed download never splices two versions. The validator is an entity
 * tag, compared strongly (a weak tag never matches), or an HTTP date, which must equal the
 * object's Last-Modified; a date the protocol could not read ({@code date} null) never matches.
 */
public record IfRange(String etag, Instant date) {

  /** The header's value; {@code parsedDate} is the protocol's reading of it as an HTTP date (or null). */
  public static IfRange of(String header, Instant parsedDate) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String v = header.strip();
    return v.startsWith("\"") || v.startsWith("W/") ? new IfRange(v, null) : new IfRange(null, parsedDate);
  }

  boolean holds(ObjectInfo current) {
    if (etag != null) {
      return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
          && etag.substring(1, etag.length() - 1).equals(current.etag());
    }
    return date != null && current.updatedAt().truncatedTo(ChronoUnit.SECONDS).equals(date.truncatedTo(ChronoUnit.SECONDS));
  }
}
