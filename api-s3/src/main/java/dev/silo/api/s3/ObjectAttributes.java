package dev.silo.api.s3;

import dev.silo.core.domain.Checksum;

import dev.silo.core.domain.ObjectInfo;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * GetObjectAttributes' answer: of the attributes {@code x-amz-object-attributes} names, an object's
 * ETag (unquoted, as S3 gives it here), its checksum (the one its upload declared or its parts
 * derived, else the SHA-256 Silo keeps of an object stored whole), its parts (number and size, a page of them, for an object completed from
 * parts), its storage class and its size.
 */
final class ObjectAttributes {
  private static final Set<String> KNOWN = Set.of("ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize");
  private static final int MAX_PARTS = 1000;

  private ObjectAttributes() {}

  /**
   * The attributes asked for, in S3's spelling, from every {@code x-amz-object-attributes} line (the
   * Java SDK sends a line per attribute, aws-cli one line of them all); a name S3 does not know is
   * refused.
   */
  static Set<String> requested(S3Exchange ex) {
    Set<String> out = new LinkedHashSet<>();
    for (String name : String.join(",", ex.headerValues("x-amz-object-attributes")).split(",")) {
      String n = name.strip();
      if (n.isEmpty()) {
        continue;
      }
      String known = KNOWN.stream().filter(k -> k.equalsIgnoreCase(n)).findFirst()
          .orElseThrow(() -> S3Error.invalidArgument("Invalid attribute name specified: " + n));
      out.add(known);
    }
    if (out.isEmpty()) {
      throw new S3Error(400, "InvalidRequest", "the x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty");
    }
    return out;
  }

  static Xml write(S3Exchange ex, ObjectInfo o, Set<String> attributes) {
    Xml x = Xml.document("GetObjectAttributesResponse");
    if (attributes.contains("ETag")) {
      String quoted = ObjectHeaders.quotedEtag(o);
      x.el("ETag", quoted.substring(1, quoted.length() - 1));
    }
    Checksum checksum = ObjectHeaders.checksumOf(o);
    if (attributes.contains("Checksum") && checksum != null) {
      x.open("Checksum");
      ObjectHeaders.checksumElements(x, checksum, true);
      x.close("Checksum");
    }
    if (attributes.contains("ObjectParts") && o.facts().multipart()) {
      parts(ex, x, o.facts().partCount(), o.facts().partSizes(), o.facts().checksum());
    }
    if (attributes.contains("StorageClass")) {
      x.el("StorageClass", "STANDARD");
    }
    if (attributes.contains("ObjectSize")) {
      x.el("ObjectSize", o.size());
    }
    return x.end("GetObjectAttributesResponse");
  }

  /**
   * A page of the parts after {@code x-amz-part-number-marker}, at most {@code x-amz-max-parts};
   * sizes where Silo knows them, and checksums where the upload asked for them.
   */
  private static void parts(S3Exchange ex, Xml x, int count, List<Long> sizes, Checksum checksum) {
    int marker = number(ex, "x-amz-part-number-marker", 0);
    int max = Math.min(number(ex, "x-amz-max-parts", MAX_PARTS), MAX_PARTS);
    int last = Math.min(count, marker + max);
    x.open("ObjectParts").el("PartsCount", count).el("PartNumberMarker", marker).el("NextPartNumberMarker", last)
        .el("MaxParts", max).el("IsTruncated", last < count ? "true" : "false");
    if (sizes.size() == count) {
      for (int n = marker + 1; n <= last; n++) {
        x.open("Part").el("PartNumber", n).el("Size", sizes.get(n - 1));
        if (checksum != null) {
          ObjectHeaders.checksumElements(x, checksum.part(n).orElse(null), false);
        }
        x.close("Part");
      }
    }
    x.close("ObjectParts");
  }

  private static int number(S3Exchange ex, String header, int absent) {
    String v = ex.header(header).orElse(null);
    if (v == null) {
      return absent;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw S3Error.invalidArgument(header.toLowerCase(Locale.ROOT) + " must be a whole number");
  }
}
