package dev.silo.store.s3;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The few S3 calls the store needs, in plain Java types. Keeps the SDK in one class ({@link
 * SdkS3Port}) and lets the store's logic (part buffering, abort on failure, paginated destroy) be
 * tested without a backend.
 *
 * <p>Every method throws {@link IOException} when the backend cannot serve it (unreachable, 5xx
 * after retries, timeout, access denied); "not found" is a return value, never an exception.
 */
public interface S3Port extends AutoCloseable {

  /** One page of keys under a prefix, and the token for the next page (null on the last). */
  record Page(List<String> keys, String next) {}

  /** A multipart upload that was neither completed nor aborted. */
  record Unfinished(String key, String uploadId) {}

  boolean bucketExists(String bucket) throws IOException;

  /** Creates the bucket; succeeds if this account already owns it. */
  void createBucket(String bucket) throws IOException;

  /** Deletes an empty bucket; succeeds if it does not exist. */
  void deleteBucket(String bucket) throws IOException;

  /** Any cheap authenticated call that proves the backend answers (used by health checks). */
  void ping() throws IOException;

  /** Stores {@code length} bytes of {@code data} in one request. */
  void putObject(String bucket, String key, byte[] data, int length) throws IOException;

  /** Starts a multipart upload and returns its id. */
  String createMultipartUpload(String bucket, String key) throws IOException;

  /** Uploads one part and returns its ETag. {@code data} may be reused once this returns. */
  String uploadPart(String bucket, String key, String uploadId, int partNumber, byte[] data, int length)
      throws IOException;

  /**
   * Uploads exactly {@code length} bytes of {@code in} as one part, streamed, and returns its
   * ETag; {@code in}'s exceptions are rethrown (unwrapped) so that a refused body stays refused.
   */
  String uploadPart(String bucket, String key, String uploadId, int partNumber, InputStream in, long length)
      throws IOException;

  /**
   * UploadPartCopy: part {@code partNumber} made of the object {@code sourceKey} of the same bucket,
   * or of its bytes {@code first..last} when {@code first} is not negative; returns its ETag, or
   * empty if the source does not exist.
   */
  Optional<String> uploadPartCopy(
      String bucket, String key, String uploadId, int partNumber, String sourceKey, long first, long last)
      throws IOException;

  /** A part named in a completion: its number and ETag. */
  record NamedPart(int number, String etag) {}

  /** Completes the upload from the parts named, in ascending number order. */
  void completeMultipartUpload(String bucket, String key, String uploadId, List<NamedPart> parts)
      throws IOException;

  void abortMultipartUpload(String bucket, String key, String uploadId) throws IOException;

  /**
   * Every unfinished multipart upload under {@code prefix}; empty if the bucket does not exist or
   * the service cannot list them.
   */
  List<Unfinished> unfinishedUploads(String bucket, String prefix) throws IOException;

  /**
   * Opens the object, or the inclusive byte range {@code first..last} of it when {@code first} is
   * not negative; empty when the object (or its bucket) does not exist. Closing the stream before
   * its end releases the connection without reading the rest.
   */
  Optional<InputStream> getObject(String bucket, String key, long first, long last) throws IOException;

  /** The object's size, or empty when it (or its bucket) does not exist. */
  OptionalLong headObject(String bucket, String key) throws IOException;

  /** Deletes the object; succeeds if it (or its bucket) does not exist. */
  void deleteObject(String bucket, String key) throws IOException;

  /** Up to 1000 keys under {@code prefix}; an empty page if the bucket does not exist. */
  Page list(String bucket, String prefix, String continuation) throws IOException;

  /** Deletes up to 1000 keys in one request. */
  void deleteObjects(String bucket, List<String> keys) throws IOException;

  @Override
  void close();
}
