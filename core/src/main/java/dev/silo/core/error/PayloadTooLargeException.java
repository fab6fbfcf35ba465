package dev.silo.core.error;

/** A body exceeds the upload limit or the tenant's quota; nothing was stored. */
public final class PayloadTooLargeException extends SiloException {
  public PayloadTooLargeException(String code, String message) {
    super(code, message);
  }

  public PayloadTooLargeException(String message) {
    super("too_large", message);
  }
}
