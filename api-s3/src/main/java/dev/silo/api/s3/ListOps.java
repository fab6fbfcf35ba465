package dev.silo.api.s3;

import dev.silo.core.domain.ListingFields;
import dev.silo.api.s3.sigv4.SigV4;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.object.Listing;
import dev.silo.core.object.ObjectService;
import dev.silo.core.version.ObjectVersion;
import dev.silo.core.version.VersionListing;
import dev.silo.core.version.VersionService;
import java.io.IOException;
import java.util.List;

/**
 * ListObjectsV2, ListObjects (V1) and ListObjectVersions, all served by the core's listing from
 * the metadata store. V2's continuation token is the core's opaque cursor; V1's marker and V2's
 * start-after are keys, turned into cursors here.
 */
final class ListOps {
  private static final int MAX_KEYS = 1000;

  private final ObjectService objects;
  private final VersionService versions;

  /** {@code versions} null: ListObjectVersions answers each current object as its null version. */
  ListOps(ObjectService objects, VersionService versions) {
    this.objects = objects;
    this.versions = versions;
  }

  private record Page(List<ObjectInfo> items, List<String> prefixes, String nextCursor, String lastName) {
    boolean truncated() {
      return nextCursor != null;
    }
  }

  void v2(S3Exchange ex) throws IOException {
    String prefix = ex.query("prefix").orElse("");
    String delimiter = ex.query("delimiter").filter(d -> !d.isEmpty()).orElse(null);
    String sentToken = ex.query("continuation-token").orElse(null); // echoed as sent, even empty
    String token = sentToken == null || sentToken.isEmpty() ? null : sentToken;
    boolean fetchOwner = ex.query("fetch-owner").map(v -> v.equalsIgnoreCase("true")).orElse(false);
    String startAfter = ex.query("start-after").filter(t -> !t.isEmpty()).orElse(null);
    boolean url = urlEncoding(ex);
    int max = maxKeys(ex, "max-keys");
    String cursor = token != null ? token : startAfter != null ? afterKey(prefix, delimiter, startAfter) : null;
    Page page = page(ex, prefix, delimiter, cursor, max);
    Xml x = Xml.document("ListBucketResult");
    x.el("Name", ex.bucketText()).el("Prefix", enc(prefix, url)).el("Delimiter", enc(delimiter, url));
    x.el("MaxKeys", max).el("EncodingType", url ? "url" : null).el("KeyCount", page.items().size() + page.prefixes().size());
    x.el("IsTruncated", page.truncated()).el("ContinuationToken", sentToken).el("NextContinuationToken", page.nextCursor());
    x.el("StartAfter", enc(startAfter, url));
    contents(x, page, url, fetchOwner ? ex.context().tenant().value() : null);
    ex.xml(200, x.end("ListBucketResult"));
  }

  void v1(S3Exchange ex) throws IOException {
    String prefix = ex.query("prefix").orElse("");
    String delimiter = ex.query("delimiter").filter(d -> !d.isEmpty()).orElse(null);
    String marker = ex.query("marker").filter(t -> !t.isEmpty()).orElse(null);
    boolean url = urlEncoding(ex);
    int max = maxKeys(ex, "max-keys");
    Page page = page(ex, prefix, delimiter, marker == null ? null : afterKey(prefix, delimiter, marker), max);
    Xml x = Xml.document("ListBucketResult");
    x.el("Name", ex.bucketText()).el("Prefix", enc(prefix, url)).el("Marker", enc(marker == null ? "" : marker, url));
    x.el("NextMarker", page.truncated() ? enc(page.lastName(), url) : null);
    x.el("MaxKeys", max).el("Delimiter", enc(delimiter, url)).el("EncodingType", url ? "url" : null);
    x.el("IsTruncated", page.truncated());
    contents(x, page, url, ex.context().tenant().value()); // V1 always names the owner
    ex.xml(200, x.end("ListBucketResult"));
  }

  /**
   * ListObjectVersions from the core's version listing: versions and delete markers in key order,
   * newest first within a key. S3's key-marker and version-id-marker become the core's cursor
   * ({@link VersionService#cursorAfter}); a key-marker that is a common prefix skips the keys under
   * it, as for ListObjects.
   */
  void versions(S3Exchange ex) throws IOException {
    if (versions == null) {
      nullVersions(ex);
      return;
    }
    String prefix = ex.query("prefix").orElse("");
    String delimiter = ex.query("delimiter").filter(d -> !d.isEmpty()).orElse(null);
    String keyMarker = ex.query("key-marker").filter(t -> !t.isEmpty()).orElse(null);
    String versionMarker = ex.query("version-id-marker").filter(t -> !t.isEmpty()).orElse(null);
    if (versionMarker != null && keyMarker == null) {
      throw S3Error.invalidArgument("A version-id marker cannot be specified without a key marker.");
    }
    if (versionMarker != null) {
      ObjectOps.checkedVersionId(versionMarker);
    }
    boolean url = urlEncoding(ex);
    int max = maxKeys(ex, "max-keys");
    String cursor = null;
    if (keyMarker != null && keyMarker.compareTo(prefix) >= 0) {
      boolean commonPrefix =
          versionMarker == null && delimiter != null && keyMarker.endsWith(delimiter) && keyMarker.startsWith(prefix)
              && keyMarker.length() > prefix.length();
      cursor = commonPrefix ? VersionService.cursorPast(keyMarker) : VersionService.cursorAfter(keyMarker, versionMarker);
    }
    VersionListing page =
        max == 0
            ? new VersionListing(List.of(), List.of(), null, null, null)
            : versions.list(ex.context(), ex.bucket(), prefix, delimiter, cursor, max);
    Xml x = Xml.document("ListVersionsResult");
    x.el("Name", ex.bucketText()).el("Prefix", enc(prefix, url)).el("KeyMarker", enc(keyMarker == null ? "" : keyMarker, url));
    x.el("VersionIdMarker", versionMarker == null ? "" : versionMarker);
    if (page.truncated()) {
      x.el("NextKeyMarker", enc(page.lastKey(), url)).el("NextVersionIdMarker", page.lastVersionId());
    }
    x.el("MaxKeys", max).el("Delimiter", enc(delimiter, url)).el("EncodingType", url ? "url" : null);
    x.el("IsTruncated", page.truncated());
    String owner = ex.context().tenant().value();
    for (ObjectVersion v : page.versions()) {
      ObjectInfo o = v.object();
      x.open(v.deleteMarker() ? "DeleteMarker" : "Version").el("Key", enc(o.key().value(), url));
      x.el("VersionId", v.versionId()).el("IsLatest", v.latest()).el("LastModified", o.updatedAt());
      if (!v.deleteMarker()) {
        x.el("ETag", ObjectHeaders.quotedEtag(o)).el("Size", o.size()).el("StorageClass", "STANDARD");
      }
      x.open("Owner").el("ID", owner).el("DisplayName", owner).close("Owner");
      x.close(v.deleteMarker() ? "DeleteMarker" : "Version");
    }
    for (String p : page.prefixes()) {
      x.open("CommonPrefixes").el("Prefix", enc(p, url)).close("CommonPrefixes");
    }
    ex.xml(200, x.end("ListVersionsResult"));
  }

  /** An unversioned server's versions: one per object, each the latest, with version id "null". */
  private void nullVersions(S3Exchange ex) throws IOException {
    String prefix = ex.query("prefix").orElse("");
    String delimiter = ex.query("delimiter").filter(d -> !d.isEmpty()).orElse(null);
    String marker = ex.query("key-marker").filter(t -> !t.isEmpty()).orElse(null);
    boolean url = urlEncoding(ex);
    int max = maxKeys(ex, "max-keys");
    Page page = page(ex, prefix, delimiter, marker == null ? null : afterKey(prefix, delimiter, marker), max);
    Xml x = Xml.document("ListVersionsResult");
    x.el("Name", ex.bucketText()).el("Prefix", enc(prefix, url)).el("KeyMarker", enc(marker == null ? "" : marker, url));
    x.el("VersionIdMarker", "");
    if (page.truncated()) {
      x.el("NextKeyMarker", enc(page.lastName(), url)).el("NextVersionIdMarker", "null");
    }
    x.el("MaxKeys", max).el("Delimiter", enc(delimiter, url)).el("EncodingType", url ? "url" : null);
    x.el("IsTruncated", page.truncated());
    String owner = ex.context().tenant().value();
    for (ObjectInfo o : page.items()) {
      x.open("Version").el("Key", enc(o.key().value(), url)).el("VersionId", "null").el("IsLatest", true);
      x.el("LastModified", o.updatedAt()).el("ETag", ObjectHeaders.quotedEtag(o)).el("Size", o.size());
      x.el("StorageClass", "STANDARD").open("Owner").el("ID", owner).el("DisplayName", owner).close("Owner");
      x.close("Version");
    }
    for (String p : page.prefixes()) {
      x.open("CommonPrefixes").el("Prefix", enc(p, url)).close("CommonPrefixes");
    }
    ex.xml(200, x.end("ListVersionsResult"));
  }

  private Page page(S3Exchange ex, String prefix, String delimiter, String cursor, int max) {
    if (max == 0) {
      return new Page(List.of(), List.of(), null, null);
    }
    // S3's listings show key, size, ETag and time: the store reads those columns only
    Listing l = objects.list(ex.context(), ex.bucket(), prefix, delimiter, cursor, max, ListingFields.SUMMARY);
    String lastKey = l.items().isEmpty() ? null : l.items().getLast().key().value();
    String lastPrefix = l.prefixes().isEmpty() ? null : l.prefixes().getLast();
    String last = lastKey == null ? lastPrefix : lastPrefix == null || lastKey.compareTo(lastPrefix) > 0 ? lastKey : lastPrefix;
    return new Page(l.items(), l.prefixes(), l.nextCursor(), last);
  }

  /** The objects and common prefixes of a page; each object names {@code owner} when not null. */
  private static void contents(Xml x, Page page, boolean url, String owner) {
    for (ObjectInfo o : page.items()) {
      x.open("Contents").el("Key", enc(o.key().value(), url)).el("LastModified", o.updatedAt());
      x.el("ETag", ObjectHeaders.quotedEtag(o)).el("Size", o.size());
      if (owner != null) {
        x.open("Owner").el("ID", owner).el("DisplayName", owner).close("Owner");
      }
      x.el("StorageClass", "STANDARD").close("Contents");
    }
    for (String p : page.prefixes()) {
      x.open("CommonPrefixes").el("Prefix", enc(p, url)).close("CommonPrefixes");
    }
  }

  /**
   * The cursor after a client's marker. A marker that is a common prefix (it ends with the
   * delimiter) skips every key under it, so a page that ended on a prefix does not repeat it. A
   * marker before the prefix starts the listing at the prefix.
   */
  private static String afterKey(String prefix, String delimiter, String marker) {
    if (marker.compareTo(prefix) < 0) {
      return null;
    }
    if (delimiter != null && marker.endsWith(delimiter) && marker.startsWith(prefix) && marker.length() > prefix.length()) {
      return Listing.cursorPast(marker);
    }
    return Listing.cursorAfter(marker);
  }

  /** S3 accepts max-keys=0 (an empty page) and serves at most 1000 keys per page. */
  private static int maxKeys(S3Exchange ex, String param) {
    return ex.intParam(param, 0, MAX_KEYS, MAX_KEYS);
  }

  private static boolean urlEncoding(S3Exchange ex) {
    String v = ex.query("encoding-type").orElse(null);
    if (v == null) {
      return false;
    }
    if (!v.equals("url")) {
      throw S3Error.invalidArgument("encoding-type must be url");
    }
    return true;
  }

  private static String enc(String s, boolean url) {
    return s == null || !url ? s : SigV4.uriEncode(s, false);
  }
}
