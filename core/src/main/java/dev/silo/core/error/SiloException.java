package dev.silo.core.error;

/**
 * The root of every error the core raises. Sealed so that each protocol's error mapper is an
 * exhaustive switch: adding a kind of error breaks the build of every mapper until it is handled.
 * Messages are safe to show to the caller: they never carry a secret, a backend path or anything
 * of another tenant.
 */
public sealed abstract class SiloException extends RuntimeException
    permits InvalidInputException, UnauthenticatedException, ForbiddenException, NotFoundException,
        ConflictException, PreconditionFailedException, PayloadTooLargeException,
        UnsupportedMediaTypeException, RangeNotSatisfiableException, UnavailableException,
        InvalidTransformException, ChecksumMismatchException {

  private final String code;

  protected SiloException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  protected SiloException(String code, String message, Throwable cause) {
    super(message, cause, false, false);
    this.code = code;
  }

  /** A stable, machine-readable code such as {@code invalid_key} or {@code quota_exceeded}. */
  public String code() {
    return code;
  }
}
