package dev.silo.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.BlobNotFoundException;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.MultipartBlobs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of every store's {@link MultipartBlobs} capability: a blob assembled from parts
 * across several inputs, as resumable uploads do, and from parts of the client's sizes, streamed
 * or copied and completed from a subset, as S3 multipart uploads do. An implementation's test extends this class and
 * hands over a store whose {@link BlobStore#multipart()} is present (it may share one store across
 * tests: every test uses fresh names).
 */
public abstract class MultipartBlobsContract {
  protected static final int MiB = 1024 * 1024;
  protected final StorageSpace space = new StorageSpace("silo-assembly-test", "tenants/a/");
  protected final Random random = new Random(42);
  protected BlobStore store;
  protected MultipartBlobs multipart;

  /** The store under test, with its multipart capability. */
  protected abstract BlobStore store() throws Exception;

  @BeforeEach
  void provision() throws Exception {
    store = store();
    multipart = store.multipart().orElseThrow();
    store.provision(space);
  }

  @Test
  void chunksOfAnySizeBecomeFullPartsATailAndALastPart() throws IOException {
    int part = multipart.partSize();
    assertThat(part).isGreaterThanOrEqualTo(5 * MiB);
    byte[] data = bytes(2 * part + part / 2);
    BlobName name = newName();
    String assembly = multipart.begin(space, name);
    List<MultipartBlobs.Part> parts = new ArrayList<>();
    byte[] tail = new byte[0];
    int sent = 0;
    // chunks of 3 MiB, 1.5 parts, then the rest: each sends the tail kept so far ahead of itself
    for (int chunk : new int[] {3 * MiB, part + part / 2, data.length - 3 * MiB - (part + part / 2)}) {
      long total = data.length - sizeOf(parts);
      List<byte[]> rest = new ArrayList<>();
      InputStream in = new SequenceInputStream(
          new ByteArrayInputStream(tail), new ByteArrayInputStream(data, sent, chunk));
      parts.addAll(multipart.upload(space, name, assembly, parts.size() + 1, in, total,
          (r, n) -> rest.add(readAll(r, n))));
      sent += chunk;
      tail = rest.isEmpty() ? new byte[0] : rest.getFirst();
      assertThat(rest).hasSizeLessThanOrEqualTo(1);
      assertThat(sizeOf(parts) + tail.length).as("every byte sent is in a part or the tail").isEqualTo(sent);
      assertThat(tail.length).isLessThan(part);
    }
    assertThat(tail).as("the last chunk leaves no tail").isEmpty();
    assertThat(parts).extracting(MultipartBlobs.Part::number).containsExactly(1, 2, 3);
    assertThat(parts).extracting(MultipartBlobs.Part::size).containsExactly((long) part, (long) part, (long) part / 2);
    assertThatThrownBy(() -> store.read(space, name, null)).as("nothing is readable before completion")
        .isInstanceOf(BlobNotFoundException.class);

    multipart.complete(space, name, assembly, parts);

    try (InputStream in = store.read(space, name, null)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    multipart.abort(space, name, assembly); // already completed: nothing to discard, no error
    assertThat(store.size(space, name)).hasValue(data.length);
  }

  @Test
  void aPartSentAgainReplacesTheFirstAndAnAbortedAssemblyLeavesNothing() throws IOException {
    int part = multipart.partSize();
    byte[] data = bytes(part);
    BlobName name = newName();
    String assembly = multipart.begin(space, name);
    List<MultipartBlobs.Part> first = multipart.upload(space, name, assembly, 1, new ByteArrayInputStream(data), -1, (r, n) -> {});
    List<MultipartBlobs.Part> again = multipart.upload(space, name, assembly, 1, new ByteArrayInputStream(data), -1, (r, n) -> {});
    assertThat(again).isEqualTo(first);

    multipart.abort(space, name, assembly);
    multipart.abort(space, name, assembly); // idempotent

    assertThatThrownBy(() -> multipart.complete(space, name, assembly, first)).isInstanceOf(IOException.class);
    assertThat(store.size(space, name)).isEmpty();
  }

  @Test
  void anInputThatFailsMidPartUploadsNoPartOfIt() throws IOException {
    int part = multipart.partSize();
    BlobName name = newName();
    String assembly = multipart.begin(space, name);
    IOException cut = new IOException("connection reset");
    InputStream failing = new SequenceInputStream(new ByteArrayInputStream(bytes(part + MiB)), new InputStream() {
      @Override
      public int read() throws IOException {
        throw cut;
      }
    });
    List<byte[]> rest = new ArrayList<>();
    assertThatThrownBy(() -> multipart.upload(space, name, assembly, 1, failing, -1, (r, n) -> rest.add(readAll(r, n))))
        .isSameAs(cut);
    assertThat(rest).as("a failed input hands over no tail").isEmpty();
    multipart.abort(space, name, assembly);
  }

  @Test
  void partsOfAnySizeStreamedOrCopiedCompleteFromTheChosenOnesInTheStore() throws IOException {
    byte[] p1 = bytes(5 * MiB);
    byte[] p2 = bytes(3 * MiB);
    byte[] p3 = bytes(5 * MiB);
    BlobName source = newName();
    byte[] sourceBytes = bytes(MiB);
    store.write(space, source, new ByteArrayInputStream(sourceBytes));
    BlobName name = newName();
    String assembly = multipart.begin(space, name);
    MultipartBlobs.Part first = multipart.uploadPart(space, name, assembly, 1, new ByteArrayInputStream(bytes(5 * MiB)), 5 * MiB);
    MultipartBlobs.Part one = multipart.uploadPart(space, name, assembly, 1, new ByteArrayInputStream(p1), p1.length);
    assertThat(one.etag()).as("sent again, the part is replaced").isNotEqualTo(first.etag());
    multipart.uploadPart(space, name, assembly, 2, new ByteArrayInputStream(p2), p2.length);
    MultipartBlobs.Part three = multipart.uploadPart(space, name, assembly, 3, new ByteArrayInputStream(p3), p3.length);
    MultipartBlobs.Part copied = multipart.copyPart(space, name, assembly, 5, source, new ByteRange(10, 109));
    assertThat(copied.size()).isEqualTo(100);
    assertThatThrownBy(() -> multipart.copyPart(space, name, assembly, 6, newName(), null)).isInstanceOf(BlobNotFoundException.class);

    multipart.complete(space, name, assembly, List.of(one, three, copied)); // part 2 left out, gaps allowed

    byte[] expected = new byte[p1.length + p3.length + 100];
    System.arraycopy(p1, 0, expected, 0, p1.length);
    System.arraycopy(p3, 0, expected, p1.length, p3.length);
    System.arraycopy(sourceBytes, 10, expected, p1.length + p3.length, 100);
    try (InputStream in = store.read(space, name, null)) {
      assertThat(in.readAllBytes()).isEqualTo(expected);
    }
    store.delete(space, name);
    store.delete(space, source);
  }

  private static long sizeOf(List<MultipartBlobs.Part> parts) {
    return parts.stream().mapToLong(MultipartBlobs.Part::size).sum();
  }

  protected byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  protected static byte[] readAll(InputStream in, int n) {
    try {
      byte[] b = in.readAllBytes();
      assertThat(b).hasSize(n);
      return b;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  protected BlobName newName() {
    char[] c = new char[30];
    for (int i = 0; i < c.length; i++) {
      c[i] = "abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36));
    }
    return new BlobName("b" + new String(c));
  }
}
