package dev.silo.core.error;

/** A conditional request (If-Match, If-None-Match) did not hold; nothing was changed. */
public final class PreconditionFailedException extends SiloException {
  public PreconditionFailedException(String code, String message) {
    super(code, message);
  }

  public PreconditionFailedException(String message) {
    super("precondition_failed", message);
  }
}
