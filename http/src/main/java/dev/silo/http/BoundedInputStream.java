package dev.silo.http;

import dev.silo.core.error.PayloadTooLargeException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Caps a small body (JSON) so a client cannot make the server parse gigabytes. */
final class BoundedInputStream extends FilterInputStream {
  private final long max;
  private long count;

  BoundedInputStream(InputStream in, long max) {
    super(in);
    this.max = max;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0 && ++count > max) {
      throw tooLarge();
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0 && (count += n) > max) {
      throw tooLarge();
    }
    return n;
  }

  private PayloadTooLargeException tooLarge() {
    return new PayloadTooLargeException("body_too_large", "the JSON body is larger than " + max + " bytes");
  }
}
