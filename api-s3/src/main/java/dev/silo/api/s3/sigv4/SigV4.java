package dev.silo.api.s3.sigv4;

import dev.silo.core.support.Hashing;
import dev.silo.core.support.PureMemo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * AWS Signature Version 4, one small pure function per step of the specification: canonical URI,
 * canonical query, canonical headers, canonical request, string to sign, signing key, signature,
 * and the string to sign of each aws-chunked chunk. Nothing here reads a request or a clock, so
 * each step is tested against AWS's published vectors on its own.
 */
public final class SigV4 {
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";
  public static final String TERMINATOR = "aws4_request";
  public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  public static final String STREAMING_PAYLOAD = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
  public static final String STREAMING_PAYLOAD_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
  public static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
  public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private SigV4() {}

  /**
   * The canonical URI of a request path as S3 computes it: each segment percent-decoded once and
   * encoded again with AWS's rules (S3 does not encode twice, unlike other services).
   */
  public static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    return uriEncode(percentDecode(rawPath), false);
  }

  /**
   * The canonical query string: parameters (already percent-decoded) encoded with AWS's rules,
   * sorted by name then value, joined with {@code &}. {@code X-Amz-Signature} is left out.
   */
  public static String canonicalQuery(List<Map.Entry<String, String>> params) {
    List<String[]> encoded = new ArrayList<>();
    for (Map.Entry<String, String> p : params) {
      if (p.getKey().equals("X-Amz-Signature")) {
        continue;
      }
      encoded.add(new String[] {uriEncode(p.getKey(), true), uriEncode(p.getValue() == null ? "" : p.getValue(), true)});
    }
    encoded.sort(Comparator.<String[], String>comparing(e -> e[0]).thenComparing(e -> e[1]));
    StringBuilder sb = new StringBuilder();
    for (String[] e : encoded) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(e[0]).append('=').append(e[1]);
    }
    return sb.toString();
  }

  /**
   * The canonical headers block: for each signed header name (lower case, in order), its values as
   * received, each trimmed with inner runs of spaces collapsed, joined by commas; one line each.
   */
  public static String canonicalHeaders(List<String> signedHeaders, Function<String, List<String>> values) {
    StringBuilder sb = new StringBuilder();
    for (String name : signedHeaders) {
      List<String> vs = values.apply(name);
      sb.append(name).append(':');
      for (int i = 0; i < vs.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(trimAll(vs.get(i)));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  public static String canonicalRequest(
      String method, String canonicalUri, String canonicalQuery, String canonicalHeaders, List<String> signedHeaders, String payloadHash) {
    return method + '\n' + canonicalUri + '\n' + canonicalQuery + '\n' + canonicalHeaders + '\n'
        + String.join(";", signedHeaders) + '\n' + payloadHash;
  }

  /**
   * Whether a credential scope's region is the one this endpoint serves. AWS compares exactly (a
   * signature for {@code eu-west-1} is refused by {@code us-east-1}, and the key derivation differs
   * anyway); checking it first gives the client a message that names the region to use.
   */
  public static boolean regionMatches(String scopedRegion, String servedRegion) {
    return scopedRegion != null && scopedRegion.equals(servedRegion);
  }

  /** {@code scope} is {@code date/region/service/aws4_request}. */
  public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + sha256Hex(canonicalRequest);
  }

  /** What a signing key is made of; the key changes with the day, so few are live at a time. */
  private record KeyScope(String secret, String date, String region, String service) {}

  /** Four HMACs per request otherwise, for the same key all day. */
  private static final PureMemo<KeyScope, byte[]> SIGNING_KEYS =
      new PureMemo<>(10_000, s -> deriveSigningKey(s.secret(), s.date(), s.region(), s.service()));

  /** The SigV4 signing key; callers must not change the array (it is shared). */
  public static byte[] signingKey(String secret, String date, String region, String service) {
    return SIGNING_KEYS.get(new KeyScope(secret, date, region, service));
  }

  private static byte[] deriveSigningKey(String secret, String date, String region, String service) {
    byte[] kDate = Hashing.hmacSha256(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    byte[] kRegion = Hashing.hmacSha256(kDate, region);
    byte[] kService = Hashing.hmacSha256(kRegion, service);
    return Hashing.hmacSha256(kService, TERMINATOR);
  }

  public static String signature(byte[] signingKey, String stringToSign) {
    return Hashing.hex(Hashing.hmacSha256(signingKey, stringToSign));
  }

  /** The string to sign of one aws-chunked chunk, chained to the previous chunk's signature. */
  public static String chunkStringToSign(String amzDate, String scope, String previousSignature, String chunkSha256Hex) {
    return ALGORITHM + "-PAYLOAD\n" + amzDate + '\n' + scope + '\n' + previousSignature + '\n' + EMPTY_SHA256 + '\n'
        + chunkSha256Hex;
  }

  /** The string to sign of the trailing headers of a signed aws-chunked body. */
  public static String trailerStringToSign(String amzDate, String scope, String previousSignature, String trailerSha256Hex) {
    return ALGORITHM + "-TRAILER\n" + amzDate + '\n' + scope + '\n' + previousSignature + '\n' + trailerSha256Hex;
  }

  /** Compares two hex signatures in constant time (for equal lengths). */
  public static boolean matches(String expectedHex, String presentedHex) {
    if (expectedHex == null || presentedHex == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expectedHex.getBytes(StandardCharsets.US_ASCII), presentedHex.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }

  public static String sha256Hex(String s) {
    return Hashing.hex(Hashing.sha256(s));
  }

  /** AWS's URI encoding: unreserved characters stay, everything else is %XX of its UTF-8 bytes. */
  public static String uriEncode(String s, boolean encodeSlash) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }

  /**
   * Decodes %XX sequences (as UTF-8); a {@code +} stays a plus, as AWS clients encode a space as
   * {@code %20}. A malformed sequence is kept as it is.
   */
  public static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 3;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.writeBytes(bytes);
        i++;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  /**
   * Trimmed, with inner runs of spaces collapsed to one. By hand rather than {@code replaceAll},
   * which compiles its pattern on every call, and this runs for every signed header of every request.
   */
  static String trimAll(String v) {
    String s = v.strip();
    if (!s.contains("  ")) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != ' ' || s.charAt(i - 1) != ' ') {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
