package dev.silo.api.s3.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 2 for S3 (the {@code AWS AKID:signature} header and presigned URLs with
 * {@code AWSAccessKeyId}, {@code Expires} and {@code Signature}), which older SDKs and boto3's
 * default presigner still produce: one pure function per step, like {@link SigV4}.
 */
public final class SigV2 {
  /** The query parameters that are part of the signed resource; all others are not signed. */
  public static final Set<String> SIGNED_SUBRESOURCES =
      Set.of(
          "accelerate", "acl", "cors", "defaultObjectAcl", "delete", "lifecycle", "location", "logging", "metrics",
          "notification", "object-lock", "partNumber", "policy", "replication", "requestPayment", "restore",
          "response-cache-control", "response-content-disposition", "response-content-encoding",
          "response-content-language", "response-content-type", "response-expires", "select", "select-type",
          "storageClass", "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning", "versions",
          "website", "analytics", "inventory");

  private SigV2() {}

  /**
   * The string to sign: method, Content-MD5, Content-Type, the date (the Date header, empty when
   * x-amz-date is sent, or a presigned URL's Expires), the x-amz-* headers, the resource.
   */
  public static String stringToSign(
      String method, String contentMd5, String contentType, String date, String canonicalAmzHeaders, String canonicalResource) {
    return method + '\n' + nullToEmpty(contentMd5).strip() + '\n' + nullToEmpty(contentType).strip() + '\n' + nullToEmpty(date).strip()
        + '\n' + canonicalAmzHeaders + canonicalResource;
  }

  /**
   * The x-amz-* headers, names lower-cased and sorted, each with its values (trimmed) joined by
   * commas, one {@code name:value} line each.
   */
  public static String canonicalAmzHeaders(List<Map.Entry<String, String>> headers) {
    Map<String, List<String>> amz = new TreeMap<>();
    for (Map.Entry<String, String> h : headers) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith("x-amz-")) {
        amz.computeIfAbsent(name, n -> new ArrayList<>()).add(nullToEmpty(h.getValue()).strip());
      }
    }
    StringBuilder sb = new StringBuilder();
    amz.forEach((name, values) -> sb.append(name).append(':').append(String.join(",", values)).append('\n'));
    return sb.toString();
  }

  /**
   * The resource: {@code /bucket} when the bucket was named in the host, the path as sent, then the
   * signed sub-resources (decoded, sorted by name) as a query string.
   */
  public static String canonicalResource(String bucketInHost, String rawPath, List<Map.Entry<String, String>> query) {
    StringBuilder sb = new StringBuilder();
    if (bucketInHost != null) {
      sb.append('/').append(bucketInHost);
    }
    sb.append(rawPath == null || rawPath.isEmpty() ? "/" : rawPath);
    List<Map.Entry<String, String>> signed =
        query.stream().filter(e -> SIGNED_SUBRESOURCES.contains(e.getKey())).sorted(Comparator.comparing(Map.Entry::getKey)).toList();
    for (int i = 0; i < signed.size(); i++) {
      Map.Entry<String, String> e = signed.get(i);
      sb.append(i == 0 ? '?' : '&').append(e.getKey());
      if (e.getValue() != null && !e.getValue().isEmpty()) {
        sb.append('=').append(e.getValue());
      }
    }
    return sb.toString();
  }

  /**
   * The resources a client may have signed for one request. Clients differ where the
   * specification is loose: a request to a bucket is signed as {@code /bucket} or {@code
   * /bucket/}, and older boto (botocore before 1.3x) signs the fixed query of an operation's URI
   * ({@code ?list-type=2}, {@code ?uploads}) ahead of the sub-resources. Each variant still covers
   * the path and every signed sub-resource, so accepting it signs no less of the request.
   */
  public static List<String> canonicalResources(
      String bucketInHost, String rawPath, List<Map.Entry<String, String>> query, boolean bucketOnly) {
    String standard = canonicalResource(bucketInHost, rawPath, query);
    String path = canonicalResource(bucketInHost, rawPath, List.of());
    String subresources = standard.substring(path.length());
    List<String> bases = new ArrayList<>(List.of(path));
    if (bucketOnly && !path.endsWith("/")) {
      bases.add(path + "/");
    }
    List<String> out = new ArrayList<>();
    for (String base : bases) {
      out.add(base + subresources);
      if (!query.isEmpty()) {
        Map.Entry<String, String> first = query.getFirst();
        String fixed = first.getKey() + (first.getValue() == null || first.getValue().isEmpty() ? "" : "=" + first.getValue());
        out.add(base + "?" + fixed + subresources);
      }
    }
    return out;
  }

  /** Base64 of HMAC-SHA1 of the UTF-8 string to sign under the secret. */
  public static String signature(String secret, String stringToSign) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
  }

  /** Compares two base64 signatures in constant time (for equal lengths). */
  public static boolean matches(String expected, String presented) {
    if (expected == null || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
