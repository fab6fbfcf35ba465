package dev.silo.core.error;

/** The credential is valid but may not do this, or a signature is forged, altered or expired. */
public final class ForbiddenException extends SiloException {
  public ForbiddenException(String code, String message) {
    super(code, message);
  }

  public ForbiddenException(String message) {
    super("forbidden", message);
  }
}
