package dev.silo.core.object;

import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.PayloadTooLargeException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body on its way to storage: counted, and cut off as soon as it passes its cap, so an
 * oversize body stops streaming at once rather than at the end. A failure of the client's
 * connection becomes a typed error, so the store's own {@link IOException}s can be told apart as
 * backend failures. Subclasses see every byte ({@link #accept}) and the end ({@link #atEnd}).
 */
public abstract class CappedBody extends FilterInputStream {
  private final long cap;
  private final String capMessage;
  private long count;

  protected CappedBody(InputStream in, long cap, String capMessage) {
    super(in);
    this.cap = cap;
    this.capMessage = capMessage;
  }

  /** Called with each run of bytes read, after the cap check. */
  protected abstract void accept(byte[] b, int off, int n);

  /** Called when the body has ended; may throw a typed error (a body shorter than announced). */
  protected void atEnd(long count) {}

  @Override
  public final int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public final int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = super.read(b, off, len);
    } catch (IOException e) {
      throw new InvalidInputException("incomplete_body", "the request body ended early");
    }
    if (n < 0) {
      atEnd(count);
      return n;
    }
    count += n;
    if (count > cap) {
      throw new PayloadTooLargeException("too_large", capMessage);
    }
    accept(b, off, n);
    return n;
  }

  @Override
  public final long skip(long n) {
    throw new UnsupportedOperationException("an upload body is never skipped");
  }

  public final long count() {
    return count;
  }
}
