package dev.silo.store.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.AppendableBlobs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem store's append capability, used by resumable uploads. */
class FsAppendableBlobsTest {
  @TempDir Path root;
  FsBlobStore store;
  AppendableBlobs blobs;
  final StorageSpace space = new StorageSpace("silo-test-container", "");
  final BlobName name = new BlobName("b0123456789abcdefghijklmnop");

  @BeforeEach
  void open() {
    store = new FsBlobStore(root);
    blobs = store.appendable().orElseThrow();
  }

  static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  String content() throws IOException {
    try (InputStream in = store.read(space, name, null)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void appendsAtTheCommittedOffsetAndIsReadLikeAnyBlob() throws IOException {
    assertThat(blobs.append(space, name, 0, text("hello "))).isEqualTo(6);
    assertThat(blobs.append(space, name, 6, text("world"))).isEqualTo(5);
    assertThat(content()).isEqualTo("hello world");
    // a retry of the last chunk from its offset replaces what was there
    assertThat(blobs.append(space, name, 6, text("there"))).isEqualTo(5);
    assertThat(content()).isEqualTo("hello there");
  }

  @Test
  void aFailedChunkIsCutBackToItsOffset() throws IOException {
    blobs.append(space, name, 0, text("keep"));
    IOException broken = new IOException("connection reset");
    InputStream failing =
        new SequenceInputStream(text("garbage"), new InputStream() {
          @Override
          public int read() throws IOException {
            throw broken;
          }
        });
    assertThatThrownBy(() -> blobs.append(space, name, 4, failing)).isSameAs(broken);
    assertThat(content()).isEqualTo("keep");
  }

  @Test
  void truncateDropsARejectedChunkAndAShortBlobIsRefused() throws IOException {
    blobs.append(space, name, 0, text("0123456789"));
    blobs.truncate(space, name, 4);
    assertThat(content()).isEqualTo("0123");
    assertThatThrownBy(() -> blobs.append(space, name, 10, text("x"))).isInstanceOf(IOException.class);
    assertThat(content()).isEqualTo("0123");
    blobs.truncate(space, new BlobName("bmissing0000000000000000000"), 0);
    store.delete(space, name);
    assertThat(Files.exists(root.resolve("silo-test-container"))).isTrue();
    assertThat(store.size(space, name)).isEmpty();
  }
}
