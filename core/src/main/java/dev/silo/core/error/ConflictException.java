package dev.silo.core.error;

/** The request conflicts with the current state, for example a bucket that is not empty. */
public final class ConflictException extends SiloException {
  public ConflictException(String code, String message) {
    super(code, message);
  }

  public ConflictException(String message) {
    super("conflict", message);
  }
}
