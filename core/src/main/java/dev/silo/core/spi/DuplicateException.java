package dev.silo.core.spi;

/** A unique constraint of the metadata store refused a row. */
public final class DuplicateException extends RuntimeException {
  public DuplicateException(String what) {
    super(what, null, false, false);
  }
}
