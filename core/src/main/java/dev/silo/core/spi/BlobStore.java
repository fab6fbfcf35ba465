package dev.silo.core.spi;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.StorageSpace;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where bytes live. Blobs are immutable: written once under a fresh name, read, deleted; never
 * overwritten or appended to. Names and spaces always come from Silo, never from a client.
 *
 * <p>Contract (proven for every implementation by {@code BlobStoreContract} in the testkit):
 *
 * <ul>
 *   <li>{@link #write} streams its input to the end without holding it in memory, and returns
 *       only once the blob is durable. If it throws, for any reason (including an exception from
 *       the input stream, which it rethrows unchanged), no blob of that name is left readable.
 *   <li>{@link #read} of a missing blob throws {@link BlobNotFoundException}.
 *   <li>{@link #delete} is idempotent.
 *   <li>Backend failures surface as {@link IOException}; the service turns them into 503s.
 * </ul>
 */
public interface BlobStore extends AutoCloseable {

  /** Makes a tenant's space usable (a backend bucket or directory). Idempotent. */
  void provision(StorageSpace space) throws IOException;

  /** Removes every blob of the space, and the space itself where that is the layout. */
  void destroy(StorageSpace space) throws IOException;

  /** Streams {@code in} to a new blob; returns the number of bytes written. */
  long write(StorageSpace space, BlobName name, InputStream in) throws IOException;

  /** Opens the blob, or the inclusive range of it when {@code range} is not null. */
  InputStream read(StorageSpace space, BlobName name, ByteRange range) throws IOException;

  /** The blob's size, or empty when it does not exist. */
  OptionalLong size(StorageSpace space, BlobName name) throws IOException;

  /** Deletes the blob if it exists. */
  void delete(StorageSpace space, BlobName name) throws IOException;

  /** Throws if the backend cannot be used right now. */
  void check() throws IOException;

  /**
   * Throws if one tenant's space cannot be used right now (its backend bucket or directory is
   * missing or unreachable); the per-tenant readiness check of the operator.
   */
  default void check(StorageSpace space) throws IOException {
    check();
  }

  /** A store that can hand out URLs that clients use to reach the backend directly. */
  default Optional<Presigner> presigner() {
    return Optional.empty();
  }

  /** A store that can grow a blob in place (resumable uploads); others store chunks as blobs. */
  default Optional<AppendableBlobs> appendable() {
    return Optional.empty();
  }

  /** A store that can make a blob of other blobs without reading them (S3 multipart completion). */
  default Optional<ComposableBlobs> composable() {
    return Optional.empty();
  }

  /** A store that can assemble a blob from parts (resumable uploads on S3). */
  default Optional<MultipartBlobs> multipart() {
    return Optional.empty();
  }

  /**
   * How the blob is sealed when the store encrypts (see the server's encrypting store), or null
   * for a blob stored as it was written. Read before an object is published, to record it.
   */
  default dev.silo.core.domain.BlobSeal seal(StorageSpace space, BlobName name) throws IOException {
    return null;
  }

  @Override
  default void close() throws IOException {}
}
