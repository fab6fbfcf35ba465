package dev.silo.core.error;

/**
 * An image transform cannot be done as asked: a parameter out of range (named in the message and
 * in {@link #parameter()}), a format this machine cannot produce, or a source over the pixel
 * limit. Distinct from {@link InvalidInputException} because the request is well-formed HTTP
 * whose content the server refuses to process (422).
 */
public final class InvalidTransformException extends SiloException {
  private final String parameter;

  public InvalidTransformException(String parameter, String message) {
    super("invalid_transform", message);
    this.parameter = parameter;
  }

  /** The query parameter at fault ({@code width}, {@code format}…), or null for the source image. */
  public String parameter() {
    return parameter;
  }
}
