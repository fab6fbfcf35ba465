package dev.silo.api.s3;

import dev.silo.core.error.ChecksumMismatchException;
import dev.silo.core.error.ConflictException;
import dev.silo.core.error.ForbiddenException;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.InvalidTransformException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.error.PayloadTooLargeException;
import dev.silo.core.error.PreconditionFailedException;
import dev.silo.core.error.RangeNotSatisfiableException;
import dev.silo.core.error.SiloException;
import dev.silo.core.error.UnauthenticatedException;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.error.UnsupportedMediaTypeException;

/**
 * The S3 protocol's one error mapper: the core's sealed errors to S3's status codes and error
 * codes, in one exhaustive switch (a new kind of core error breaks this build until mapped).
 * Anything unknown is an {@code InternalError} that says nothing but the request id.
 */
final class S3Errors {
  /** {@code region}: the region to sign for, named in the answer to a request signed for another (null: none). */
  record Mapped(int status, String code, String message, String region) {
    Mapped(int status, String code, String message) {
      this(status, code, message, null);
    }
  }

  private S3Errors() {}

  static Mapped map(Throwable t) {
    if (t instanceof S3Error e) {
      return new Mapped(e.status(), e.code(), e.getMessage(), e.region());
    }
    if (t instanceof SiloException e) {
      return map(e);
    }
    return new Mapped(500, "InternalError", "we encountered an internal error; quote the request id");
  }

  static Mapped map(SiloException e) {
    String m = e.getMessage();
    return switch (e) {
      // a key Silo refuses (control characters, . segments...) is answered as S3 answers a key it
      // cannot parse, in the words clients match on
      case InvalidInputException x when x.code().equals("invalid_key") -> new Mapped(400, "InvalidArgument", "Couldn't parse the specified URI.");
      case InvalidInputException x -> new Mapped(400, invalidInput(x.code()), m);
      case UnauthenticatedException x -> switch (x.code()) {
        case "invalid_access_key" -> new Mapped(403, "InvalidAccessKeyId", "the AWS access key id you provided does not exist in our records");
        case "signature_mismatch" -> new Mapped(403, "SignatureDoesNotMatch", "the request signature we calculated does not match the signature you provided");
        default -> new Mapped(403, "AccessDenied", m);
      };
      case ForbiddenException x -> switch (x.code()) {
        case "request_time_skewed" -> new Mapped(403, "RequestTimeTooSkewed", m);
        default -> new Mapped(403, "AccessDenied", m);
      };
      case NotFoundException x -> switch (x.code()) {
        case "bucket_not_found" -> new Mapped(404, "NoSuchBucket", "the specified bucket does not exist");
        case "version_not_found" -> new Mapped(404, "NoSuchVersion", "the specified version does not exist");
        case "upload_not_found" -> new Mapped(404, "NoSuchUpload", "the specified multipart upload does not exist");
        case "tenant_not_found" -> new Mapped(403, "AccessDenied", m);
        default -> new Mapped(404, "NoSuchKey", "the specified key does not exist");
      };
      case ConflictException x -> switch (x.code()) {
        case "bucket_exists" -> new Mapped(409, "BucketAlreadyOwnedByYou", "you already own this bucket");
        case "too_many_buckets" -> new Mapped(400, "TooManyBuckets", m);
        case "bucket_not_empty" -> new Mapped(409, "BucketNotEmpty", "the bucket you tried to delete is not empty");
        case "default_bucket", "object_lock_versioning" -> new Mapped(409, "InvalidBucketState", m);
        default -> new Mapped(409, "OperationAborted", m);
      };
      case PreconditionFailedException x -> new Mapped(412, "PreconditionFailed", "at least one of the preconditions you specified did not hold");
      case PayloadTooLargeException x -> new Mapped(400, "EntityTooLarge", m);
      case UnsupportedMediaTypeException x -> new Mapped(400, "InvalidArgument", m);
      case RangeNotSatisfiableException x -> new Mapped(416, "InvalidRange", "the requested range is not satisfiable");
      case UnavailableException x -> x.code().equals("slow_down")
          ? new Mapped(503, "SlowDown", "please reduce your request rate")
          : new Mapped(503, "ServiceUnavailable", "please reduce your request rate or retry");
      case InvalidTransformException x -> new Mapped(400, "InvalidArgument", m);
      case ChecksumMismatchException x -> new Mapped(400, "BadDigest", m);
    };
  }

  private static String invalidInput(String code) {
    return switch (code) {
      case "invalid_bucket_name" -> "InvalidBucketName";
      case "bad_digest" -> "BadDigest";
      case "invalid_digest" -> "InvalidDigest";
      case "invalid_checksum" -> "InvalidRequest";
      case "content_sha256_mismatch" -> "XAmzContentSHA256Mismatch";
      case "incomplete_body", "invalid_chunk" -> "IncompleteBody";
      case "invalid_part" -> "InvalidPart";
      case "invalid_part_order" -> "InvalidPartOrder";
      case "entity_too_small" -> "EntityTooSmall";
      case "malformed_xml" -> "MalformedXML";
      case "invalid_tag" -> "InvalidTag";
      case "invalid_cors" -> "InvalidRequest";
      case "authorization_malformed" -> "AuthorizationHeaderMalformed";
      case "missing_content_length" -> "MissingContentLength";
      case "metadata_too_large" -> "MetadataTooLarge";
      case "object_lock_not_enabled" -> "InvalidRequest";
      default -> "InvalidArgument";
    };
  }
}
