package dev.silo.core.error;

/** A backend (blob store or metadata store) cannot be reached; the request may be retried. */
public final class UnavailableException extends SiloException {
  public UnavailableException(String message, Throwable cause) {
    super("backend_unavailable", message, cause);
  }

  public UnavailableException(String message) {
    super("backend_unavailable", message);
  }
}
