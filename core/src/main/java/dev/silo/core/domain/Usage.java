package dev.silo.core.domain;

/** Bytes and objects counted against a tenant's or a bucket's limits (ready objects only). */
public record Usage(long bytes, long objects) {
  public static final Usage ZERO = new Usage(0, 0);
}
