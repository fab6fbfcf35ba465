package dev.silo.store.s3;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.BlobNotFoundException;
import dev.silo.core.spi.MultipartBlobs;
import dev.silo.core.support.PartBuffers;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * S3 multipart uploads as {@link MultipartBlobs}: an assembly is a multipart upload of the blob's
 * key, a part is UploadPart. {@link #upload} (resumable uploads) reads the input one part at a
 * time into a buffer of {@code partSize} bytes, so one upload holds at most one part in memory, and
 * a part is sent only once it is known to be full or last. {@link #uploadPart} (S3 multipart
 * parts, whose length the client announced) streams the body into the part without a buffer;
 * {@link #copyPart} is UploadPartCopy, inside the backend.
 */
final class S3MultipartBlobs implements MultipartBlobs {
  private final S3Port s3;
  private final int partSize;
  private final PartBuffers buffers;

  S3MultipartBlobs(S3Port s3, int partSize, PartBuffers buffers) {
    this.s3 = s3;
    this.partSize = partSize;
    this.buffers = buffers;
  }

  @Override
  public int partSize() {
    return partSize;
  }

  @Override
  public int maxParts() {
    return S3BlobStore.MAX_PARTS;
  }

  @Override
  public String begin(StorageSpace space, BlobName name) throws IOException {
    return s3.createMultipartUpload(space.container(), S3BlobStore.key(space, name));
  }

  @Override
  public List<Part> upload(
      StorageSpace space, BlobName name, String assembly, int firstNumber, InputStream in, long total, Remainder remainder)
      throws IOException {
    String bucket = space.container();
    String key = S3BlobStore.key(space, name);
    byte[] buffer = buffers.acquire();
    try {
      return MultipartBlobs.cutParts(in, buffer, firstNumber, total, remainder, (number, bytes, n) -> {
        if (number > S3BlobStore.MAX_PARTS) {
          throw new IOException("upload larger than " + S3BlobStore.MAX_PARTS + " parts of " + partSize
              + " bytes; raise SILO_STORAGE_S3_PART_SIZE");
        }
        return new Part(number, n, s3.uploadPart(bucket, key, assembly, number, bytes, n));
      });
    } finally {
      buffers.release(buffer);
    }
  }

  @Override
  public Part uploadPart(StorageSpace space, BlobName name, String assembly, int number, InputStream in, long length)
      throws IOException {
    checkNumber(number);
    return new Part(number, length, s3.uploadPart(space.container(), S3BlobStore.key(space, name), assembly, number, in, length));
  }

  @Override
  public Part copyPart(StorageSpace space, BlobName name, String assembly, int number, BlobName source, ByteRange range)
      throws IOException {
    checkNumber(number);
    long first = range == null ? -1 : range.first();
    long last = range == null ? -1 : range.last();
    String etag =
        s3.uploadPartCopy(space.container(), S3BlobStore.key(space, name), assembly, number, S3BlobStore.key(space, source), first, last)
            .orElseThrow(() -> new BlobNotFoundException(source.value()));
    long size = range == null ? s3.headObject(space.container(), S3BlobStore.key(space, source)).orElse(-1) : last - first + 1;
    return new Part(number, size, etag);
  }

  private static void checkNumber(int number) throws IOException {
    if (number < 1 || number > S3BlobStore.MAX_PARTS) {
      throw new IOException("part numbers are 1 to " + S3BlobStore.MAX_PARTS);
    }
  }

  @Override
  public void complete(StorageSpace space, BlobName name, String assembly, List<Part> parts) throws IOException {
    List<S3Port.NamedPart> named = new ArrayList<>(parts.size());
    int previous = 0;
    for (Part p : parts) {
      if (p.number() <= previous) {
        throw new IOException("the parts of " + name.value() + " are not in ascending order");
      }
      previous = p.number();
      named.add(new S3Port.NamedPart(p.number(), p.etag()));
    }
    s3.completeMultipartUpload(space.container(), S3BlobStore.key(space, name), assembly, named);
  }

  @Override
  public void abort(StorageSpace space, BlobName name, String assembly) throws IOException {
    s3.abortMultipartUpload(space.container(), S3BlobStore.key(space, name), assembly);
  }
}
