package dev.silo.core.error;

/** No credential, or one that is unknown, revoked or malformed. */
public final class UnauthenticatedException extends SiloException {
  public UnauthenticatedException(String code, String message) {
    super(code, message);
  }

  public UnauthenticatedException(String message) {
    super("unauthenticated", message);
  }
}
