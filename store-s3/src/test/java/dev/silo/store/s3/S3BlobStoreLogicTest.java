package dev.silo.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The store's own logic (part buffering, abort, paging) over a recording fake of the port. */
class S3BlobStoreLogicTest {
  private static final int PART = 16;
  private static final StorageSpace BUCKET = new StorageSpace("tenant-bucket", "");
  private static final StorageSpace PREFIX = new StorageSpace("shared-bucket", "tenants/t1/");
  private static final BlobName NAME = new BlobName("b0123456789abcdefghijklmnop");

  private final FakePort port = new FakePort();
  private final S3BlobStore store = new S3BlobStore(port, S3StoreSettings.Provisioning.CREATE, PART, null);

  @Test
  void aBodyThatFitsOnePartIsOnePut() throws IOException {
    assertThat(store.write(PREFIX, NAME, new ByteArrayInputStream(new byte[PART]))).isEqualTo(PART);
    assertThat(port.calls).containsExactly("put shared-bucket/tenants/t1/" + NAME + " " + PART);
  }

  @Test
  void aLongerBodyIsAMultipartUploadOfFullPartsAndARest() throws IOException {
    assertThat(store.write(BUCKET, NAME, new ByteArrayInputStream(new byte[2 * PART + 1]))).isEqualTo(2 * PART + 1);
    assertThat(port.calls)
        .containsExactly("create " + NAME, "part 1 16", "part 2 16", "part 3 1", "complete 3");
  }

  @Test
  void anInputFailureAbortsTheUploadAndIsRethrownAsIs() {
    IOException failure = new IOException("client went away");
    InputStream in = new SequenceInputStream(new ByteArrayInputStream(new byte[PART + 5]), failingStream(failure));

    assertThatThrownBy(() -> store.write(BUCKET, NAME, in)).isSameAs(failure);
    assertThat(port.calls).containsExactly("create " + NAME, "part 1 16", "abort");
  }

  @Test
  void aBackendFailureAbortsAndAnAbortFailureIsKeptAsSuppressed() {
    port.failPart = 2;
    port.failAbort = true;

    assertThatThrownBy(() -> store.write(BUCKET, NAME, new ByteArrayInputStream(new byte[3 * PART])))
        .isInstanceOf(IOException.class)
        .hasMessage("part 2 failed")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    assertThat(port.calls).doesNotContain("complete 2", "complete 3");
  }

  @Test
  void destroyDeletesPageByPageAndTheBucketOnlyInBucketMode() throws IOException {
    port.pages = List.of(new S3Port.Page(List.of("a", "b"), "next"), new S3Port.Page(List.of("c"), null));
    store.destroy(PREFIX);
    assertThat(port.calls).containsExactly("list null", "delete [a, b]", "list next", "delete [c]");

    port.calls.clear();
    store.destroy(BUCKET);
    assertThat(port.calls).containsExactly("list null", "delete [a, b]", "list next", "delete [c]", "delete bucket");
  }

  private static InputStream failingStream(IOException failure) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        throw failure;
      }
    };
  }

  private static final class FakePort implements S3Port {
    final List<String> calls = new ArrayList<>();
    int failPart = -1;
    boolean failAbort;
    List<Page> pages = List.of(new Page(List.of(), null));

    @Override
    public boolean bucketExists(String bucket) {
      return true;
    }

    @Override
    public void createBucket(String bucket) {}

    @Override
    public void deleteBucket(String bucket) {
      calls.add("delete bucket");
    }

    @Override
    public void ping() {}

    @Override
    public void putObject(String bucket, String key, byte[] data, int length) {
      calls.add("put " + bucket + "/" + key + " " + length);
    }

    @Override
    public String createMultipartUpload(String bucket, String key) {
      calls.add("create " + key);
      return "upload-1";
    }

    @Override
    public String uploadPart(String bucket, String key, String uploadId, int partNumber, byte[] data, int length)
        throws IOException {
      if (partNumber == failPart) {
        throw new IOException("part " + partNumber + " failed");
      }
      calls.add("part " + partNumber + " " + length);
      return "etag-" + partNumber;
    }

    @Override
    public String uploadPart(String bucket, String key, String uploadId, int partNumber, InputStream in, long length) {
      throw new UnsupportedOperationException("the store's own writes buffer their parts");
    }

    @Override
    public Optional<String> uploadPartCopy(
        String bucket, String key, String uploadId, int partNumber, String sourceKey, long first, long last) {
      throw new UnsupportedOperationException("the store's own writes do not copy");
    }

    @Override
    public void completeMultipartUpload(String bucket, String key, String uploadId, List<NamedPart> parts) {
      calls.add("complete " + parts.size());
    }

    @Override
    public void abortMultipartUpload(String bucket, String key, String uploadId) throws IOException {
      if (failAbort) {
        throw new IOException("abort failed");
      }
      calls.add("abort");
    }

    @Override
    public List<Unfinished> unfinishedUploads(String bucket, String prefix) {
      return List.of();
    }

    @Override
    public Optional<InputStream> getObject(String bucket, String key, long first, long last) {
      return Optional.empty();
    }

    @Override
    public OptionalLong headObject(String bucket, String key) {
      return OptionalLong.empty();
    }

    @Override
    public void deleteObject(String bucket, String key) {}

    @Override
    public Page list(String bucket, String prefix, String continuation) {
      calls.add("list " + continuation);
      return continuation == null ? pages.getFirst() : pages.get(1);
    }

    @Override
    public void deleteObjects(String bucket, List<String> keys) {
      calls.add("delete " + keys);
    }

    @Override
    public void close() {}
  }
}
