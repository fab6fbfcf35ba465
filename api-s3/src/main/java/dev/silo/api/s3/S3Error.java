package dev.silo.api.s3;

/**
 * An error of the S3 protocol itself, with no counterpart in the core (an operation Silo does not
 * implement, a malformed request): its S3 code and status are known where it is thrown.
 */
final class S3Error extends RuntimeException {
  private final int status;
  private final String code;
  private final String region;

  S3Error(int status, String code, String message) {
    this(status, code, message, null);
  }

  private S3Error(int status, String code, String message, String region) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.region = region;
  }

  /**
   * A request signed for another region: S3's answer names the right one in {@code <Region>},
   * which clients read to sign again for it (s3cmd, whose default region is {@code US}; boto3's
   * region redirector).
   */
  static S3Error wrongRegion(String code, String message, String region) {
    return new S3Error(400, code, message, region);
  }

  /** The region an answer names, or null. */
  String region() {
    return region;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  /**
   * The answer to a request outside the operations Silo's S3 endpoint serves (issue #5 lists
   * them): 501 with S3's own error code for it, which S3 clients understand and fall back on.
   */
  static S3Error unsupportedOperation(String what) {
    return new S3Error(501, "NotImplemented", what + " is not among the operations Silo's S3 endpoint serves");
  }

  static S3Error malformedXml() {
    return new S3Error(400, "MalformedXML", "the XML you provided was not well-formed or did not validate");
  }

  static S3Error invalidArgument(String message) {
    return new S3Error(400, "InvalidArgument", message);
  }

  static S3Error accessDenied(String message) {
    return new S3Error(403, "AccessDenied", message);
  }
}
