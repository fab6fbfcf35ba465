package dev.silo.api.s3;

import dev.silo.core.bucket.BucketCors;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.CorsRules;
import dev.silo.http.Cors;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Browsers on the S3 port: the server's origins ({@code SILO_CORS_ORIGINS}, every bucket) answer
 * first; otherwise the rules of the bucket the request addresses (S3's PutBucketCors), whose first
 * matching rule answers, as on S3. The bucket is the addressed tenant's: an authenticated request's,
 * or, for a preflight and for an answer refused before its signature was checked, the tenant of the
 * access key the request names (a presigned URL's {@code X-Amz-Credential} or {@code
 * AWSAccessKeyId}, an {@code Authorization} header's credential), read by {@link BucketCors}.
 */
final class S3Cors {
  private static final Pattern HEADER_KEY = Pattern.compile("(?:Credential=|^AWS )([A-Za-z0-9]{16,128})[/:]");
  private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";

  private final Cors server;
  private final BucketCors buckets;

  S3Cors(Cors server, BucketCors buckets) {
    this.server = server;
    this.buckets = buckets;
  }

  /** A preflight: allowed by the server's origins or by a rule of the bucket the URL's key names; else S3's 403. */
  void preflight(S3Exchange ex, boolean addressed) throws IOException {
    Optional<String> asked = ex.header("Access-Control-Request-Headers");
    var headers = server.preflightHeaders(ex.header("Origin"), asked);
    Optional<String> origin = ex.header("Origin");
    if (headers.isEmpty() && addressed && origin.isPresent()) {
      headers = Cors.preflightHeaders(unsigned(ex), origin.get(), ex.header("Access-Control-Request-Method").orElse(""), asked);
    }
    if (headers.isEmpty()) {
      throw new S3Error(403, "AccessForbidden", "CORSResponse: this CORS request is not allowed"
          + " (no rule of the bucket's CORS configuration, nor SILO_CORS_ORIGINS, allows this origin, method and headers)");
    }
    headers.forEach(ex::header);
    ex.empty(200);
  }

  /** Before anything else: the server's origins. Returns whether they answered. */
  boolean answerFromServer(S3Exchange ex) {
    var headers = server.responseHeaders(ex.header("Origin"));
    headers.forEach(ex::header);
    return !headers.isEmpty();
  }

  /** Once authenticated: the addressed bucket's rules, where the server's origins did not answer. */
  void answerFromBucket(S3Exchange ex) {
    if (ex.header("Origin").isPresent() && ex.hasBucket() && !ex.hasResponseHeader(ALLOW_ORIGIN)) {
      answer(ex, buckets.of(ex.context(), bucket(ex)));
    }
  }

  /** An error: the bucket's rules too, read through the named key when the request was refused before it was authenticated. */
  void answerError(S3Exchange ex) {
    if (ex.header("Origin").isEmpty() || !ex.hasBucket() || ex.hasResponseHeader(ALLOW_ORIGIN)) {
      return;
    }
    try {
      answer(ex, ex.context() != null ? buckets.of(ex.context(), bucket(ex)) : unsigned(ex));
    } catch (RuntimeException e) {
      // an error answer goes out whatever its CORS headers could not say
    }
  }

  private static void answer(S3Exchange ex, CorsRules rules) {
    Cors.responseHeaders(rules, ex.header("Origin").orElseThrow(), ex.method()).forEach(ex::header);
  }

  private CorsRules unsigned(S3Exchange ex) {
    String key = ex.query("X-Amz-Credential").map(c -> c.contains("/") ? c.substring(0, c.indexOf('/')) : c)
        .or(() -> ex.query("AWSAccessKeyId"))
        .or(() -> ex.header("Authorization").map(HEADER_KEY::matcher).filter(Matcher::find).map(m -> m.group(1)))
        .orElse(null);
    BucketName bucket = bucket(ex);
    return key == null || bucket == null ? CorsRules.NONE : buckets.namedBy(key, bucket);
  }

  private static BucketName bucket(S3Exchange ex) {
    try {
      return ex.hasBucket() ? ex.bucket() : null;
    } catch (RuntimeException e) {
      return null; // not a bucket's name: no bucket's rules
    }
  }
}
