package dev.silo.core.spi;

import java.io.IOException;

/**
 * A tenant's storage space (a backend bucket) is not there and the store may not create it: the
 * operator has to act, so callers answer with a conflict naming {@link #space()}, not with "the
 * backend is unavailable".
 */
public class MissingSpaceException extends IOException {
  private final String space;

  public MissingSpaceException(String space, String message) {
    super(message);
    this.space = space;
  }

  /** The bucket (or directory) that is missing. */
  public String space() {
    return space;
  }
}
