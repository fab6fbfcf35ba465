package dev.silo.api.s3;

import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.multipart.MultipartService;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.http.HttpField;

/** How an object's attributes travel in S3 headers, both ways. */
final class ObjectHeaders {
  static final String META = "x-amz-meta-";
  private static final String RESERVED = "silo-";

  private ObjectHeaders() {}

  /** S3's ETag: the multipart one for objects completed from parts, else the MD5. */
  static String etag(ObjectInfo o) {
    String multipart = o.metadata().get(MultipartService.ETAG_METADATA);
    return multipart != null ? multipart : o.etag();
  }

  static String quotedEtag(ObjectInfo o) {
    return "\"" + etag(o) + "\"";
  }

  static String httpDate(Instant t) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atZone(ZoneOffset.UTC));
  }

  static Instant parseHttpDate(String v) {
    if (v == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(v.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null; // S3 ignores a conditional date it cannot read
    }
  }

  /** The user metadata of a request: {@code x-amz-meta-*}, names lower-cased, Silo's own names refused. */
  static Map<String, String> userMetadata(S3Exchange ex) {
    Map<String, String> out = new TreeMap<>();
    for (HttpField f : ex.headers()) {
      String name = f.getName().toLowerCase(Locale.ROOT);
      if (name.startsWith(META)) {
        String key = name.substring(META.length());
        if (key.startsWith(RESERVED)) {
          throw S3Error.invalidArgument("metadata names starting with silo- are reserved");
        }
        out.merge(key, HeaderBytes.decoded(f.getValue()), (a, b) -> a + "," + b);
      }
    }
    return out;
  }

  /** An object's user metadata without Silo's own entries. */
  static Map<String, String> visibleMetadata(ObjectInfo o) {
    Map<String, String> out = new TreeMap<>(o.metadata());
    out.keySet().removeIf(k -> k.startsWith(RESERVED));
    return out;
  }

  static void write(S3Exchange ex, ObjectInfo o) {
    ex.header("ETag", quotedEtag(o));
    ex.header("Last-Modified", httpDate(o.updatedAt()));
    ex.header("Content-Type", o.contentType() == null ? "application/octet-stream" : o.contentType());
    ex.header("Accept-Ranges", "bytes");
    visibleMetadata(o).forEach((k, v) -> ex.header(META + k, HeaderBytes.wire(v)));
  }
}
