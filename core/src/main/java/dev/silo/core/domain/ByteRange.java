package dev.silo.core.domain;

/** An inclusive byte range already resolved against an object's size. */
public record ByteRange(long first, long last) {
  public ByteRange {
    if (first < 0 || last < first) {
      throw new IllegalArgumentException("invalid range " + first + "-" + last);
    }
  }

  public long length() {
    return last - first + 1;
  }
}
