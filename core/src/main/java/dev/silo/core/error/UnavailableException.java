package dev.silo.core.error;

/**
 * The request cannot be served now and may be retried: a backend (blob store or metadata store)
 * cannot be reached, or the node has too much of this kind of work at once.
 */
public final class UnavailableException extends SiloException {
  public UnavailableException(String message, Throwable cause) {
    super("backend_unavailable", message, cause);
  }

  public UnavailableException(String message) {
    super("backend_unavailable", message);
  }

  private UnavailableException(String code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /** {@code slow_down}: the node has more of this work at once than it takes; S3's {@code SlowDown}. */
  public static UnavailableException slowDown(String message) {
    return new UnavailableException("slow_down", message, null);
  }
}
