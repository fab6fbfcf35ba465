package dev.silo.api.s3;

import dev.silo.api.s3.sigv4.AwsChunkedInputStream;
import dev.silo.api.s3.sigv4.SigV2;
import dev.silo.api.s3.sigv4.SigV4;
import dev.silo.core.auth.Authenticator;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.error.ForbiddenException;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.UnauthenticatedException;
import dev.silo.http.DigestCheckingInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Authenticates an S3 request with Signature V4 (or V2, through {@link SigV2Auth}, when enabled),
 * in the {@code Authorization} header or in a presigned query string, over the method, path, query and headers exactly as received, then
 * wraps the body so that its declared SHA-256, chunk signatures and Content-MD5 are verified as it
 * streams. The tenant comes from the access key, through the core's {@link Authenticator}.
 */
final class RequestAuth {
  static final Duration MAX_SKEW = Duration.ofMinutes(15);
  static final long MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  /** Compiled once: String.matches compiled the pattern again on every signed PUT. */
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern HEADER =
      Pattern.compile("AWS4-HMAC-SHA256\\s+Credential=([^,\\s]+)\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-fA-F]+)\\s*");

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RequestAuth.class);

  private final Authenticator authenticator;
  private final Clock clock;
  private final Set<String> trustedProxies;
  private final String region;
  /** Signature V2, when it is accepted ({@code SILO_S3_SIGV2}). */
  private final java.util.Optional<SigV2Auth> sigV2;

  RequestAuth(
      Authenticator authenticator, Clock clock, Set<String> trustedProxies, String region,
      java.util.Optional<SigV2Auth> sigV2) {
    this.authenticator = authenticator;
    this.clock = clock;
    this.trustedProxies = trustedProxies;
    this.region = region;
    this.sigV2 = sigV2;
  }

  /** The parts of a credential scope: {@code AKID/date/region/service/aws4_request}. */
  record Scope(String accessKeyId, String date, String region, String service) {
    String value() {
      return date + "/" + region + "/" + service + "/" + SigV4.TERMINATOR;
    }

    static Scope parse(String credential) {
      String[] p = credential.split("/");
      if (p.length != 5 || !p[4].equals(SigV4.TERMINATOR) || !p[3].equals("s3") || p[2].isEmpty()) {
        throw malformed("the credential scope must be <key>/<date>/<region>/s3/aws4_request");
      }
      return new Scope(p[0], p[1], p[2], p[3]);
    }
  }

  void authenticate(S3Exchange ex) {
    String authorization = ex.header("Authorization").orElse(null);
    if (authorization != null && authorization.startsWith(SigV4.ALGORITHM)) {
      header(ex, authorization);
    } else if (ex.has("X-Amz-Algorithm")) {
      presigned(ex);
    } else if (SigV2Auth.isHeader(authorization) || (authorization == null && SigV2Auth.isPresigned(ex))) {
      SigV2Auth v2 = sigV2.orElseThrow(RequestAuth::sigV4Only);
      SigV2Auth.Claim claim = authorization != null ? v2.header(ex, authorization) : v2.presigned(ex);
      RequestContext ctx = authenticator.s3(claim.accessKeyId(), claim.check(), ex.requestId(), ex.clientAddress());
      ex.authenticated(ctx, body(ex, SigV4.UNSIGNED_PAYLOAD, null), ex.declaredLength());
    } else if (authorization != null) {
      throw sigV4Only();
    } else if (PostForm.is(ex)) {
      form(ex);
    } else {
      throw S3Error.accessDenied("anonymous access is not allowed");
    }
  }

  /**
   * A browser form upload (POST Object): the credential, date and signature are fields of the
   * form, the signature an HMAC of its policy (with the SigV4 signing key, or with Signature V2's
   * HMAC-SHA1 where V2 is accepted); the policy's conditions are checked against the fields, and
   * the file's size against its range as the file streams.
   */
  private void form(S3Exchange ex) {
    PostForm form;
    try {
      form = PostForm.read(ex);
    } catch (java.io.IOException e) {
      throw new InvalidInputException("incomplete_body", "the form upload could not be read");
    }
    String policy = form.required("policy");
    RequestContext ctx = form.field("awsaccesskeyid").isPresent() ? formV2(ex, form, policy) : formV4(ex, form, policy);
    PostPolicy rules = PostPolicy.parse(policy);
    rules.check(clock.instant(), ex.bucketText(), form.fields());
    ex.postForm(form);
    ex.authenticated(ctx, ChecksummedBody.ofForm(ex, form.file(rules.minSize(), rules.maxSize()), form), null);
  }

  private RequestContext formV4(S3Exchange ex, PostForm form, String policy) {
    if (!form.required("x-amz-algorithm").equals(SigV4.ALGORITHM)) {
      throw malformed("x-amz-algorithm must be AWS4-HMAC-SHA256");
    }
    Scope scope = Scope.parse(form.required("x-amz-credential"));
    if (!SigV4.regionMatches(scope.region(), region)) {
      throw S3Error.wrongRegion("AuthorizationHeaderMalformed",
          "the credential's region '" + scope.region() + "' is wrong; expecting '" + region + "'", region);
    }
    String amzDate = form.required("x-amz-date");
    parseAmzDate(amzDate);
    requireScopeDate(scope, amzDate);
    String presented = form.required("x-amz-signature");
    return authenticator.s3(
        scope.accessKeyId(),
        secret -> {
          byte[] key = SigV4.signingKey(secret, scope.date(), scope.region(), scope.service());
          if (!SigV4.matches(SigV4.signature(key, policy), presented)) {
            throw new UnauthenticatedException("signature_mismatch", "the signature does not match");
          }
        },
        ex.requestId(),
        ex.clientAddress());
  }

  /** A form signed with Signature V2: {@code AWSAccessKeyId}, and {@code signature} the HMAC-SHA1 of the policy. */
  private RequestContext formV2(S3Exchange ex, PostForm form, String policy) {
    sigV2.orElseThrow(RequestAuth::sigV4Only);
    String presented = form.required("signature");
    return authenticator.s3(
        form.required("awsaccesskeyid"),
        secret -> {
          if (!SigV2.matches(SigV2.signature(secret, policy), presented)) {
            throw new UnauthenticatedException("signature_mismatch", "the signature does not match");
          }
        },
        ex.requestId(),
        ex.clientAddress());
  }

  private static S3Error sigV4Only() {
    return new S3Error(400, "InvalidRequest", "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
  }

  private void header(S3Exchange ex, String authorization) {
    Matcher m = HEADER.matcher(authorization);
    if (!m.matches()) {
      throw malformed("the Authorization header is malformed");
    }
    Scope scope = Scope.parse(m.group(1));
    if (!SigV4.regionMatches(scope.region(), region)) {
      throw S3Error.wrongRegion("AuthorizationHeaderMalformed",
          "the authorization header is malformed; the region '" + scope.region() + "' is wrong; expecting '" + region + "'", region);
    }
    List<String> signed = Arrays.asList(m.group(2).split(";"));
    String presented = m.group(3);
    String amzDate = ex.header("x-amz-date").orElseGet(() -> fromHttpDate(ex.header("Date").orElse(null)));
    Instant at = parseAmzDate(amzDate);
    if (Duration.between(at, clock.instant()).abs().compareTo(MAX_SKEW) > 0) {
      throw new ForbiddenException("request_time_skewed", "the difference between the request time and the server's time is too large");
    }
    requireScopeDate(scope, amzDate);
    String payloadHash =
        ex.header("x-amz-content-sha256")
            .orElseThrow(() -> new InvalidInputException("invalid_content_sha256", "x-amz-content-sha256 is required"));
    byte[][] signingKey = new byte[1][];
    RequestContext ctx =
        authenticator.s3(
            scope.accessKeyId(),
            secret -> signingKey[0] = verify(ex, scope, signed, amzDate, payloadHash, presented, secret),
            ex.requestId(),
            ex.clientAddress());
    ex.authenticated(ctx, body(ex, payloadHash, new AwsChunkedInputStream.Signer(signingKey[0], amzDate, scope.value(), presented.toLowerCase(Locale.ROOT))), length(ex, payloadHash));
  }

  private void presigned(S3Exchange ex) {
    if (!ex.query("X-Amz-Algorithm").orElse("").equals(SigV4.ALGORITHM)) {
      throw malformed("X-Amz-Algorithm must be AWS4-HMAC-SHA256");
    }
    Scope scope = Scope.parse(required(ex, "X-Amz-Credential"));
    if (!SigV4.regionMatches(scope.region(), region)) {
      throw S3Error.wrongRegion("AuthorizationQueryParametersError",
          "error parsing the X-Amz-Credential parameter; the region '" + scope.region() + "' is wrong; expecting '" + region + "'", region);
    }
    String amzDate = required(ex, "X-Amz-Date");
    Instant at = parseAmzDate(amzDate);
    long expires;
    try {
      expires = Long.parseLong(required(ex, "X-Amz-Expires"));
    } catch (NumberFormatException e) {
      throw malformed("X-Amz-Expires must be a number of seconds");
    }
    if (expires < 1 || expires > MAX_PRESIGN_SECONDS) {
      throw malformed("X-Amz-Expires must be between 1 and 604800 seconds");
    }
    Instant now = clock.instant();
    if (at.isAfter(now.plus(MAX_SKEW))) {
      throw new ForbiddenException("request_time_skewed", "the presigned URL is dated in the future");
    }
    if (now.isAfter(at.plusSeconds(expires))) {
      throw new ForbiddenException("request_expired", "the presigned URL has expired");
    }
    requireScopeDate(scope, amzDate);
    List<String> signed = Arrays.asList(required(ex, "X-Amz-SignedHeaders").split(";"));
    String presented = required(ex, "X-Amz-Signature");
    String payloadHash = ex.header("x-amz-content-sha256").orElse(SigV4.UNSIGNED_PAYLOAD);
    RequestContext ctx =
        authenticator.s3(
            scope.accessKeyId(),
            secret -> verify(ex, scope, signed, amzDate, payloadHash, presented, secret),
            ex.requestId(),
            ex.clientAddress());
    ex.authenticated(ctx, body(ex, payloadHash, null), length(ex, payloadHash));
  }

  /** Computes the signature the client should have sent and compares; returns the signing key. */
  private byte[] verify(
      S3Exchange ex, Scope scope, List<String> signed, String amzDate, String payloadHash, String presented, String secret) {
    if (!signed.contains("host")) {
      throw malformed("the signed headers must include host");
    }
    String canonicalRequest =
        SigV4.canonicalRequest(
            ex.method(),
            SigV4.canonicalUri(ex.rawPath()),
            SigV4.canonicalQuery(ex.queryParams()),
            SigV4.canonicalHeaders(signed, name -> headerForSignature(ex, name)),
            signed,
            payloadHash);
    byte[] key = SigV4.signingKey(secret, scope.date(), scope.region(), scope.service());
    String expected = SigV4.signature(key, SigV4.stringToSign(amzDate, scope.value(), canonicalRequest));
    if (!SigV4.matches(expected, presented)) {
      LOG.debug("signature mismatch; canonical request was:\n{}", canonicalRequest);
      throw new UnauthenticatedException("signature_mismatch", "the signature does not match");
    }
    return key;
  }

  /**
   * A signed header's values as received. Behind a configured proxy, the host the client signed is
   * the one the proxy reports in X-Forwarded-Host; from anyone else that header is ignored.
   */
  private List<String> headerForSignature(S3Exchange ex, String name) {
    if (name.equals("host") && trustedProxies.contains(ex.clientAddress())) {
      List<String> forwarded = ex.headerValues("X-Forwarded-Host");
      if (!forwarded.isEmpty()) {
        return forwarded;
      }
    }
    // the client signed the bytes it sent (UTF-8 for a non-ASCII x-amz-meta-* value)
    return ex.headerValues(name).stream().map(HeaderBytes::decoded).toList();
  }

  /** The body with its declared integrity checked while it streams. */
  private InputStream body(S3Exchange ex, String payloadHash, AwsChunkedInputStream.Signer signer) {
    InputStream raw = ex.rawBody();
    InputStream body =
        switch (payloadHash) {
          case SigV4.UNSIGNED_PAYLOAD -> raw;
          case SigV4.STREAMING_PAYLOAD -> new AwsChunkedInputStream(raw, require(signer), false);
          case SigV4.STREAMING_PAYLOAD_TRAILER -> new AwsChunkedInputStream(raw, require(signer), true);
          case SigV4.STREAMING_UNSIGNED_TRAILER -> new AwsChunkedInputStream(raw, null, true);
          default -> {
            if (!SHA256_HEX.matcher(payloadHash).matches()) {
              throw new InvalidInputException("invalid_content_sha256", "x-amz-content-sha256 is not a SHA-256");
            }
            yield new DigestCheckingInputStream(raw, "SHA-256", HexFormat.of().parseHex(payloadHash), "content_sha256_mismatch");
          }
        };
    InputStream checked = ChecksummedBody.of(ex, body, body instanceof AwsChunkedInputStream chunked ? chunked : null);
    return DigestCheckingInputStream.contentMd5(ex.header("Content-MD5").orElse(null), checked);
  }

  private static AwsChunkedInputStream.Signer require(AwsChunkedInputStream.Signer signer) {
    if (signer == null) {
      throw malformed("a presigned URL cannot carry a streaming signed body");
    }
    return signer;
  }

  private static Long length(S3Exchange ex, String payloadHash) {
    if (payloadHash.startsWith("STREAMING-")) {
      String decoded = ex.header("x-amz-decoded-content-length").orElse(null);
      if (decoded == null) {
        return null;
      }
      try {
        return Long.parseLong(decoded.strip());
      } catch (NumberFormatException e) {
        throw new InvalidInputException("invalid_length", "x-amz-decoded-content-length is not a number");
      }
    }
    return ex.declaredLength();
  }

  private static void requireScopeDate(Scope scope, String amzDate) {
    if (!amzDate.startsWith(scope.date())) {
      throw malformed("the credential scope's date differs from the request's date");
    }
  }

  private static String required(S3Exchange ex, String param) {
    return ex.query(param).filter(v -> !v.isEmpty()).orElseThrow(() -> malformed(param + " is required"));
  }

  private static Instant parseAmzDate(String amzDate) {
    if (amzDate == null) {
      throw S3Error.accessDenied("the request has no x-amz-date");
    }
    try {
      return LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw malformed("x-amz-date must be yyyyMMddTHHmmssZ");
    }
  }

  private static String fromHttpDate(String date) {
    if (date == null) {
      return null;
    }
    try {
      return AMZ_DATE.format(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).withZoneSameInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static InvalidInputException malformed(String message) {
    return new InvalidInputException("authorization_malformed", message);
  }
}
