package dev.silo.core.spi;

import java.io.IOException;

/** A blob the metadata points at is not in the store. */
public final class BlobNotFoundException extends IOException {
  public BlobNotFoundException(String blob) {
    super("blob not found: " + blob);
  }
}
