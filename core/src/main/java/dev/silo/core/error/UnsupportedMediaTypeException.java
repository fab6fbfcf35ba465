package dev.silo.core.error;

/** The content type is not allowed for the tenant or the operation. */
public final class UnsupportedMediaTypeException extends SiloException {
  public UnsupportedMediaTypeException(String code, String message) {
    super(code, message);
  }

  public UnsupportedMediaTypeException(String message) {
    super("unsupported_media_type", message);
  }
}
