package dev.silo.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.BlobNotFoundException;
import dev.silo.core.spi.MultipartBlobs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Assembling a blob from parts across several inputs, as resumable uploads do, on a real S3 server. */
class S3MultipartBlobsTest {
  private static final int MiB = 1024 * 1024;
  @TempDir static Path proxyDir;
  private static S3ProxyProcess proxy;
  private static S3BlobStore store;
  private static MultipartBlobs multipart;
  private final StorageSpace space = new StorageSpace("silo-assembly-test", "tenants/a/");
  private final Random random = new Random(42);

  @BeforeAll
  static void start() throws Exception {
    proxy = S3ProxyProcess.start(proxyDir);
    store = S3BlobStore.open(proxy.settings());
    multipart = store.multipart().orElseThrow();
  }

  @AfterAll
  static void stop() throws IOException {
    store.close();
    proxy.close();
  }

  @BeforeEach
  void provision() throws IOException {
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

  private static long sizeOf(List<MultipartBlobs.Part> parts) {
    return parts.stream().mapToLong(MultipartBlobs.Part::size).sum();
  }

  @Test
  void destroyingASpaceAbortsItsUnfinishedAssembliesAndOnlyThose() throws IOException {
    StorageSpace doomed = new StorageSpace("silo-assembly-shared", "tenants/doomed/");
    StorageSpace kept = new StorageSpace("silo-assembly-shared", "tenants/kept/");
    store.provision(doomed);
    BlobName name = newName();
    String inDoomed = multipart.begin(doomed, name);
    multipart.upload(doomed, name, inDoomed, 1, new ByteArrayInputStream(bytes(multipart.partSize())), -1, (r, n) -> {});
    String inKept = multipart.begin(kept, name);
    try (SdkS3Port port = new SdkS3Port(proxy.settings())) {
      assertThat(port.unfinishedUploads(doomed.container(), doomed.prefix())).hasSize(1);

      store.destroy(doomed);

      assertThat(port.unfinishedUploads(doomed.container(), doomed.prefix())).isEmpty();
      assertThat(port.unfinishedUploads(kept.container(), kept.prefix()))
          .extracting(S3Port.Unfinished::uploadId).containsExactly(inKept);
    }
    multipart.abort(kept, name, inKept);
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] readAll(InputStream in, int n) {
    try {
      byte[] b = in.readAllBytes();
      assertThat(b).hasSize(n);
      return b;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private BlobName newName() {
    char[] c = new char[30];
    for (int i = 0; i < c.length; i++) {
      c[i] = "abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36));
    }
    return new BlobName("b" + new String(c));
  }
}
