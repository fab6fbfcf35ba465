package dev.silo.core.domain;

/**
 * Which of an object's fields a listing page reads from the store: what the listing shows. A
 * database formats and sends every column of every row of a page, and the server reads each, so a
 * listing that shows four fields of an object does not read twenty.
 */
public enum ListingFields {
  /** The API's listings: every field but the blob and the upload's bookkeeping ({@link ObjectInfo#listed}). */
  FULL,
  /** S3's listings: key, size, ETag, time and version ({@link ObjectInfo#summary}). */
  SUMMARY;

  /** {@code row} as a page of these fields holds it. */
  public ObjectInfo of(ObjectInfo row) {
    return this == FULL ? row.listed() : row.summary();
  }
}
