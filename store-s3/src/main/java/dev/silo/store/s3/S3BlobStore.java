package dev.silo.store.s3;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.BlobNotFoundException;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.MultipartBlobs;
import dev.silo.core.spi.Presigner;
import dev.silo.core.support.PartBuffers;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link BlobStore} on any S3-compatible service. A blob is the object {@code <prefix><name>}
 * in the space's container bucket.
 *
 * <p>Writes read the input one part at a time into a buffer of {@code partSize} bytes: an input
 * that ends within the first part is sent as one PutObject; a longer one becomes a multipart
 * upload, so memory per upload stays one part whatever the object's size, and the length never
 * needs to be known in advance. All uploads share a bounded set of buffers ({@link PartBuffers},
 * a quarter of the heap), so many at once wait for a buffer rather than run out of memory. S3 publishes an object only when PutObject or
 * CompleteMultipartUpload succeeds, so a failed write leaves nothing readable; the multipart
 * upload is aborted so that its parts do not linger (and cost) either.
 */
public final class S3BlobStore implements BlobStore {
  /** S3's limit on parts per upload. */
  static final int MAX_PARTS = 10_000;

  private final S3Port s3;
  private final S3StoreSettings.Provisioning provisioning;
  private final int partSize;
  private final PartBuffers buffers;
  private final Presigner presigner;
  private final MultipartBlobs multipart;

  /** The bucket {@link #check()} probes; null means ListBuckets. */
  private volatile String healthBucket;

  /** Shared buckets already checked or created, so prefix-mode tenants cost no extra call. */
  private final Set<String> knownBuckets = ConcurrentHashMap.newKeySet();

  public S3BlobStore(S3Port s3, S3StoreSettings.Provisioning provisioning, int partSize, Presigner presigner) {
    this(s3, provisioning, partSize, presigner, PartBuffers.forHeap(Runtime.getRuntime().maxMemory(), partSize));
  }

  /** {@code maxBuffers}: how many part buffers all uploads together may hold at once. */
  S3BlobStore(S3Port s3, S3StoreSettings.Provisioning provisioning, int partSize, Presigner presigner, int maxBuffers) {
    if (partSize < 1) {
      throw new IllegalArgumentException("partSize must be positive");
    }
    this.s3 = s3;
    this.provisioning = provisioning;
    this.partSize = partSize;
    this.presigner = presigner;
    this.buffers = new PartBuffers(partSize, maxBuffers);
    this.multipart = new S3MultipartBlobs(s3, partSize, buffers);
  }

  /** The store over the AWS SDK, with its presigner. */
  public static S3BlobStore open(S3StoreSettings settings) {
    SdkS3Port port = new SdkS3Port(settings);
    return new S3BlobStore(port, settings.provisioning(), settings.partSize(), port.presigner());
  }

  @Override
  public void provision(StorageSpace space) throws IOException {
    ensureBucket(space.container());
  }

  /**
   * Makes sure a bucket exists: creates it or, with {@code require}, fails with a message an
   * operator can act on. Called for a tenant's bucket and, at start-up, for the shared one.
   */
  public void ensureBucket(String bucket) throws IOException {
    if (knownBuckets.contains(bucket)) {
      return;
    }
    if (!s3.bucketExists(bucket)) {
      if (provisioning == S3StoreSettings.Provisioning.REQUIRE) {
        throw new MissingBucketException(bucket);
      }
      s3.createBucket(bucket);
    }
    knownBuckets.add(bucket);
  }

  /**
   * Aborts the space's unfinished multipart uploads (resumable uploads in progress), then deletes
   * every object, then the bucket where that is the layout.
   */
  @Override
  public void destroy(StorageSpace space) throws IOException {
    String bucket = space.container();
    for (S3Port.Unfinished u : s3.unfinishedUploads(bucket, space.prefix())) {
      s3.abortMultipartUpload(bucket, u.key(), u.uploadId());
    }
    String continuation = null;
    do {
      S3Port.Page page = s3.list(bucket, space.prefix(), continuation);
      if (!page.keys().isEmpty()) {
        s3.deleteObjects(bucket, page.keys());
      }
      continuation = page.next();
    } while (continuation != null);
    if (space.prefix().isEmpty()) {
      s3.deleteBucket(bucket);
      knownBuckets.remove(bucket);
    }
  }

  @Override
  public long write(StorageSpace space, BlobName name, InputStream in) throws IOException {
    String bucket = space.container();
    String key = key(space, name);
    byte[] buffer = buffers.acquire();
    try {
      int n = in.readNBytes(buffer, 0, partSize);
      int next = n < partSize ? -1 : in.read();
      if (next < 0) {
        s3.putObject(bucket, key, buffer, n);
        return n;
      }
      return writeMultipart(bucket, key, in, buffer, next);
    } finally {
      buffers.release(buffer);
    }
  }

  /**
   * Uploads the full {@code buffer} as part 1 and the rest of {@code in}, starting with the byte
   * {@code next} already taken from it, as further parts through the same buffer.
   */
  private long writeMultipart(String bucket, String key, InputStream in, byte[] buffer, int next)
      throws IOException {
    String uploadId = s3.createMultipartUpload(bucket, key);
    try {
      List<S3Port.NamedPart> etags = new ArrayList<>();
      long total = 0;
      int length = buffer.length;
      while (true) {
        if (etags.size() == MAX_PARTS) {
          throw new IOException("object larger than " + MAX_PARTS + " parts of " + partSize
              + " bytes; raise SILO_STORAGE_S3_PART_SIZE");
        }
        int number = etags.size() + 1;
        etags.add(new S3Port.NamedPart(number, s3.uploadPart(bucket, key, uploadId, number, buffer, length)));
        total += length;
        if (next < 0) {
          break;
        }
        buffer[0] = (byte) next;
        length = 1 + in.readNBytes(buffer, 1, buffer.length - 1);
        // peek so that the last part is known to be last before it is sent
        next = length < buffer.length ? -1 : in.read();
      }
      s3.completeMultipartUpload(bucket, key, uploadId, etags);
      return total;
    } catch (IOException | RuntimeException | Error e) {
      abortQuietly(bucket, key, uploadId, e);
      throw e; // the very exception, as the BlobStore contract asks
    }
  }

  private void abortQuietly(String bucket, String key, String uploadId, Throwable cause) {
    try {
      s3.abortMultipartUpload(bucket, key, uploadId);
    } catch (IOException | RuntimeException e) {
      // The parts stay until a bucket lifecycle rule removes them; nothing is readable anyway.
      cause.addSuppressed(e);
    }
  }

  static String key(StorageSpace space, BlobName name) {
    return space.prefix() + name.value();
  }

  @Override
  public InputStream read(StorageSpace space, BlobName name, ByteRange range) throws IOException {
    long first = range == null ? -1 : range.first();
    long last = range == null ? -1 : range.last();
    return s3.getObject(space.container(), key(space, name), first, last)
        .orElseThrow(() -> new BlobNotFoundException(name.value()));
  }

  @Override
  public OptionalLong size(StorageSpace space, BlobName name) throws IOException {
    return s3.headObject(space.container(), key(space, name));
  }

  @Override
  public void delete(StorageSpace space, BlobName name) throws IOException {
    s3.deleteObject(space.container(), key(space, name));
  }

  /**
   * Makes {@link #check()} probe this bucket (HEAD) instead of listing buckets: in prefix mode
   * the credentials are often scoped to the shared bucket (R2, B2 application keys), where
   * ListBuckets is denied although everything Silo needs works.
   */
  public void checkWith(String bucket) {
    this.healthBucket = bucket;
  }

  @Override
  public void check() throws IOException {
    String bucket = healthBucket;
    if (bucket == null) {
      s3.ping();
    } else if (!s3.bucketExists(bucket)) {
      throw new IOException("the storage bucket '" + bucket + "' does not exist");
    }
  }

  @Override
  public void check(StorageSpace space) throws IOException {
    if (!s3.bucketExists(space.container())) {
      throw new IOException("the storage bucket '" + space.container() + "' does not exist");
    }
  }

  @Override
  public Optional<Presigner> presigner() {
    return Optional.ofNullable(presigner);
  }

  @Override
  public Optional<MultipartBlobs> multipart() {
    return Optional.of(multipart);
  }

  @Override
  public void close() throws IOException {
    s3.close();
    if (presigner instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
  }

  /** A tenant's bucket is missing and Silo was told not to create it. */
  public static final class MissingBucketException extends dev.silo.core.spi.MissingSpaceException {
    public MissingBucketException(String bucket) {
      super(bucket, "the storage bucket '" + bucket + "' does not exist; with SILO_BUCKET_PROVISIONING=require"
          + " the operator creates it before creating the tenant (or set SILO_BUCKET_PROVISIONING=create)");
    }
  }
}
