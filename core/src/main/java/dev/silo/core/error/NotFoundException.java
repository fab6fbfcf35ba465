package dev.silo.core.error;

/** The thing does not exist, or belongs to someone the caller may not see: the two are indistinguishable on purpose. */
public final class NotFoundException extends SiloException {
  public NotFoundException(String code, String message) {
    super(code, message);
  }

  public NotFoundException(String message) {
    super("not_found", message);
  }
}
