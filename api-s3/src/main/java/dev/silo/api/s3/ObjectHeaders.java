package dev.silo.api.s3;

import dev.silo.core.domain.Checksum;
import dev.silo.core.domain.ChecksumAlgorithm;

import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectLock;
import dev.silo.core.domain.ObjectTags;
import dev.silo.core.domain.StandardHeaders;
import dev.silo.core.domain.UserMetadata;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpField;

/** How an object's attributes travel in S3 headers, both ways. */
final class ObjectHeaders {
  static final String META = "x-amz-meta-";

  private ObjectHeaders() {}

  /** S3's ETag: the multipart one for objects completed from parts, else the MD5. */
  static String etag(ObjectInfo o) {
    return o.s3Etag();
  }

  static String quotedEtag(ObjectInfo o) {
    return "\"" + etag(o) + "\"";
  }

  static String httpDate(Instant t) {
    return dev.silo.http.HttpDate.format(t);
  }

  static Instant parseHttpDate(String v) {
    return dev.silo.http.HttpDate.parse(v); // null: S3 ignores a conditional date it cannot read
  }

  /**
   * The user metadata of a request: {@code x-amz-meta-*}, names lower-cased; the core's {@link
   * dev.silo.core.domain.UserMetadata} checks names, reserved prefixes and size.
   */
  static Map<String, String> userMetadata(S3Exchange ex) {
    Map<String, String> out = new TreeMap<>();
    for (HttpField f : ex.headers()) {
      String name = f.getName().toLowerCase(Locale.ROOT);
      if (name.startsWith(META)) {
        out.merge(name.substring(META.length()), HeaderBytes.decoded(f.getValue()), (a, b) -> a + "," + b);
      }
    }
    return out;
  }

  /**
   * The standard headers a PutObject, CreateMultipartUpload or CopyObject (REPLACE) sets. {@code
   * aws-chunked} in Content-Encoding describes the request's own framing, not the object, so it is
   * not stored (S3 drops it too).
   */
  static StandardHeaders standardHeaders(S3Exchange ex) {
    return standardHeaders(ex::header);
  }

  /** The same from any source of values by header name (a form upload's fields). */
  static StandardHeaders standardHeaders(java.util.function.Function<String, java.util.Optional<String>> value) {
    return StandardHeaders.of(
        StandardHeaders.NAMES.stream()
            .map(n -> n.equals("Content-Encoding") ? objectEncoding(value.apply(n).orElse(null)) : value.apply(n).orElse(null))
            .toList());
  }

  private static String objectEncoding(String header) {
    if (header == null) {
      return null;
    }
    String kept =
        Arrays.stream(header.split(","))
            .map(String::strip)
            .filter(c -> !c.isEmpty() && !c.equalsIgnoreCase("aws-chunked"))
            .collect(Collectors.joining(","));
    return kept.isEmpty() ? null : kept;
  }

  static void write(S3Exchange ex, ObjectInfo o) {
    ex.header("ETag", quotedEtag(o));
    encryption(ex, o);
    ex.header("Last-Modified", httpDate(o.updatedAt()));
    ex.header("Content-Type", o.contentType() == null ? "application/octet-stream" : o.contentType());
    ex.header("Accept-Ranges", "bytes");
    storedHeaders(o).forEach(ex::header);
    if (!o.tags().isEmpty()) {
      ex.header("x-amz-tagging-count", Integer.toString(o.tags().size()));
    }
    ObjectLock lock = o.lock();
    if (lock.mode() != null) {
      ex.header("x-amz-object-lock-mode", lock.mode().name());
      ex.header("x-amz-object-lock-retain-until-date", lock.retainUntil().toString());
    }
    if (lock.legalHold()) {
      ex.header("x-amz-object-lock-legal-hold", "ON");
    }
    if (UserMetadata.fitsHeaders(o.metadata())) {
      o.metadata().forEach((k, v) -> ex.header(META + k, HeaderBytes.wire(v)));
    } else {
      ex.header("x-amz-missing-meta", Integer.toString(o.metadata().size()));
    }
  }

  /** The tags of {@code x-amz-tagging} (PutObject, CopyObject with REPLACE, CreateMultipartUpload); none without it. */
  static ObjectTags tagging(S3Exchange ex) {
    return ObjectTags.parse(ex.header("x-amz-tagging").orElse(null));
  }

  /**
   * The object lock an upload asks for ({@code x-amz-object-lock-mode} with {@code
   * x-amz-object-lock-retain-until-date}, {@code x-amz-object-lock-legal-hold: ON}); none without.
   */
  static ObjectLock objectLock(S3Exchange ex) {
    return objectLock(ex::header);
  }

  /** The same, from the values {@code value} gives by name (a form upload's fields). */
  static ObjectLock objectLock(java.util.function.Function<String, java.util.Optional<String>> value) {
    String hold = value.apply("x-amz-object-lock-legal-hold").map(String::strip).orElse("OFF");
    if (!hold.equals("ON") && !hold.equals("OFF")) {
      throw S3Error.invalidArgument("x-amz-object-lock-legal-hold is ON or OFF");
    }
    return ObjectLock.of(value.apply("x-amz-object-lock-mode").orElse(null),
        value.apply("x-amz-object-lock-retain-until-date").orElse(null), hold.equals("ON"));
  }

  /** S3's SSE-S3 header on an object Silo encrypted at rest (objects written in plain text have none). */
  static void encryption(S3Exchange ex, ObjectInfo o) {
    if (o.facts().encrypted()) {
      ex.header("x-amz-server-side-encryption", "AES256");
    }
  }

  /**
   * The object's checksum, for a client that asks ({@code x-amz-checksum-mode: ENABLED}, which the
   * AWS SDKs send with every GET by default and then check the bytes against a full-object one):
   * the one its upload declared or its parts derived ({@link Checksum}), else, for an object stored
   * whole, its SHA-256, which Silo keeps for every such object.
   */
  static void checksum(S3Exchange ex, ObjectInfo o) {
    if (ex.header("x-amz-checksum-mode").filter("ENABLED"::equalsIgnoreCase).isEmpty()) {
      return;
    }
    Checksum c = checksumOf(o);
    if (c != null) {
      ex.header(c.algorithm().header(), c.value());
      ex.header("x-amz-checksum-type", c.type().name());
    }
  }

  /**
   * The checksum of part {@code number} of an object completed from parts that kept theirs, for a
   * client that asks: the SDKs' downloads by part check each part's bytes against it.
   */
  static void partChecksum(S3Exchange ex, ObjectInfo o, int number) {
    if (ex.header("x-amz-checksum-mode").filter("ENABLED"::equalsIgnoreCase).isEmpty() || o.facts().checksum() == null) {
      return;
    }
    o.facts().checksum().part(number).ifPresent(c -> {
      ex.header(c.algorithm().header(), c.value());
      ex.header("x-amz-checksum-type", c.type().name());
    });
  }

  /** The checksum S3 clients know {@code o} by: its own, or the SHA-256 of an object stored whole; null for neither. */
  static Checksum checksumOf(ObjectInfo o) {
    if (o.facts().checksum() != null) {
      return o.facts().checksum();
    }
    String sha256 = o.sha256();
    if (o.facts().multipart() || sha256 == null || sha256.length() != 64) {
      return null;
    }
    return Checksum.full(ChecksumAlgorithm.SHA256, java.util.HexFormat.of().parseHex(sha256));
  }

  /** A checksum as S3's documents carry it: {@code <ChecksumCRC32>value</ChecksumCRC32>}, then its type if asked. */
  static void checksumElements(Xml x, Checksum c, boolean withType) {
    if (c == null) {
      return;
    }
    x.el(element(c.algorithm()), c.value());
    if (withType) {
      x.el("ChecksumType", c.type().name());
    }
  }

  /** The element that carries a value of {@code a}, {@code ChecksumCRC32}. */
  static String element(ChecksumAlgorithm a) {
    return "Checksum" + a.name();
  }

  /**
   * {@code x-amz-version-id} for an object that has a version id of its own (written with
   * versioning enabled). The null version is not named: S3 names it only in a bucket whose
   * versioning is suspended, and an unversioned object is one (clients treat both alike).
   */
  static void versionId(S3Exchange ex, ObjectInfo o) {
    if (!o.version().nullVersion()) {
      ex.header("x-amz-version-id", o.version().wire());
    }
  }

  /** The standard headers an object was stored with, by HTTP name. */
  static Map<String, String> storedHeaders(ObjectInfo o) {
    Map<String, String> out = new TreeMap<>();
    List<String> values = o.headers().values();
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) != null) {
        out.put(StandardHeaders.NAMES.get(i), values.get(i));
      }
    }
    return out;
  }
}
