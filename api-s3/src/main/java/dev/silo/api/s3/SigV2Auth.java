package dev.silo.api.s3;

import dev.silo.api.s3.sigv4.SigV2;
import dev.silo.core.auth.Authenticator;
import dev.silo.core.error.ForbiddenException;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.UnauthenticatedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an S3 request signed with Signature V2, in the {@code Authorization: AWS
 * AKID:signature} header or a presigned URL ({@code AWSAccessKeyId}, {@code Expires}, {@code
 * Signature}), into the access key and the check of its signature; {@link RequestAuth} hands both
 * to the core's {@link Authenticator}, so the credential, its scopes and lineage are the same as
 * for Signature V4, and so are the 15-minute clock skew and the 7-day longest presigned lifetime.
 * V2 signs no payload: the body is checked against Content-MD5 when sent.
 */
final class SigV2Auth {
  /** The access key a request names and the check its signature must pass. */
  record Claim(String accessKeyId, Authenticator.S3SignatureCheck check) {}

  private static final Pattern HEADER = Pattern.compile("AWS ([^:\\s]+):(\\S+)\\s*");
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SigV2Auth.class);

  private final Clock clock;

  SigV2Auth(Clock clock) {
    this.clock = clock;
  }

  static boolean isHeader(String authorization) {
    return authorization != null && authorization.startsWith("AWS ");
  }

  static boolean isPresigned(S3Exchange ex) {
    return ex.has("AWSAccessKeyId") && ex.has("Signature");
  }

  /** The claim of a header-signed request; the caller wraps the body. */
  Claim header(S3Exchange ex, String authorization) {
    Matcher m = HEADER.matcher(authorization);
    if (!m.matches()) {
      throw new InvalidInputException("authorization_malformed", "the Authorization header is malformed");
    }
    String amzDate = ex.header("x-amz-date").orElse(null);
    String date = amzDate != null ? amzDate : ex.header("Date").orElse(null);
    Instant at = httpDate(date);
    if (Duration.between(at, clock.instant()).abs().compareTo(RequestAuth.MAX_SKEW) > 0) {
      throw new ForbiddenException("request_time_skewed", "the difference between the request time and the server's time is too large");
    }
    // with x-amz-date, the Date line is empty: x-amz-date is signed among the x-amz-* headers
    return claim(ex, m.group(1), m.group(2), amzDate != null ? "" : date);
  }

  Claim presigned(S3Exchange ex) {
    String expires = ex.query("Expires").orElseThrow(() -> malformed("Expires is required"));
    Instant until;
    try {
      until = Instant.ofEpochSecond(Long.parseLong(expires.strip()));
    } catch (NumberFormatException | java.time.DateTimeException e) {
      throw malformed("Expires must be seconds since the epoch");
    }
    Instant now = clock.instant();
    if (now.isAfter(until)) {
      throw new ForbiddenException("request_expired", "the presigned URL has expired");
    }
    if (Duration.between(now, until).getSeconds() > RequestAuth.MAX_PRESIGN_SECONDS) {
      throw malformed("a presigned URL may be valid for at most 604800 seconds");
    }
    return claim(ex, ex.query("AWSAccessKeyId").orElseThrow(), ex.query("Signature").orElseThrow(), expires);
  }

  private Claim claim(S3Exchange ex, String accessKeyId, String presented, String date) {
    return new Claim(accessKeyId, secret -> verify(ex, date, presented, secret));
  }

  private void verify(S3Exchange ex, String date, String presented, String secret) {
    List<Map.Entry<String, String>> headers =
        ex.headers().stream()
            .map(f -> Map.entry(f.getName(), HeaderBytes.decoded(f.getValue())))
            .toList();
    boolean matched = false;
    String stringToSign = null;
    for (String resource : SigV2.canonicalResources(bucketInHost(ex), ex.rawPath(), ex.queryParams(), !ex.hasKey())) {
      stringToSign =
          SigV2.stringToSign(
              ex.method(),
              ex.header("Content-MD5").orElse(null),
              ex.header("Content-Type").map(HeaderBytes::decoded).orElse(null),
              date,
              SigV2.canonicalAmzHeaders(headers),
              resource);
      matched |= SigV2.matches(SigV2.signature(secret, stringToSign), presented); // every variant computed: no early exit
    }
    if (!matched) {
      LOG.debug("signature V2 mismatch; string to sign was (last variant):\n{}", stringToSign);
      throw new UnauthenticatedException("signature_mismatch", "the signature does not match");
    }
  }

  /** The bucket, when virtual-host addressing named it in the host rather than the path. */
  private String bucketInHost(S3Exchange ex) {
    return ex.bucketInHost() ? ex.bucketText() : null;
  }

  private static Instant httpDate(String date) {
    if (date == null) {
      throw S3Error.accessDenied("the request has no Date or x-amz-date");
    }
    try {
      return ZonedDateTime.parse(date.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      try { // some clients send x-amz-date in Signature V4's form
        return java.time.LocalDateTime.parse(date.strip(), DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(java.time.ZoneOffset.UTC);
      } catch (DateTimeParseException again) {
        throw S3Error.accessDenied("the request's date is not an HTTP date");
      }
    }
  }

  private static InvalidInputException malformed(String message) {
    return new InvalidInputException("authorization_malformed", message);
  }
}
