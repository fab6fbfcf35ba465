package dev.silo.core.spi;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import java.io.IOException;
import java.util.List;

/**
 * An optional capability of a {@link BlobStore} ({@link BlobStore#composable()}): a new blob made
 * of existing blobs, in order, without their bytes passing through Silo (the filesystem links
 * their files as the new blob's pieces, or where it cannot, copies them inside the kernel). S3 multipart completion uses it, so that Complete neither streams nor
 * hashes the parts again; a store without it gets them streamed into a new blob.
 *
 * <p>Contract: as {@link BlobStore#write}, it returns only once the new blob is durable, and if it
 * throws nothing is readable under {@code name}; the sources are left as they are. A missing
 * source is a {@link BlobNotFoundException}.
 */
public interface ComposableBlobs {

  /** Writes {@code name} as the concatenation of {@code sources}; returns its size. */
  long compose(StorageSpace space, BlobName name, List<BlobName> sources) throws IOException;
}
