package dev.silo.core.error;

/** The request is malformed or a value breaks a rule; nothing was changed. */
public final class InvalidInputException extends SiloException {
  public InvalidInputException(String code, String message) {
    super(code, message);
  }

  public InvalidInputException(String message) {
    super("invalid_request", message);
  }
}
