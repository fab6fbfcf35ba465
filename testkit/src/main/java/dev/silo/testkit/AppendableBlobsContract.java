package dev.silo.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.AppendableBlobs;
import dev.silo.core.spi.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour of every store's {@link AppendableBlobs} capability (resumable uploads): appends at
 * the committed offset, a retried chunk replaces what followed it, a failed chunk is cut back, a
 * gap is refused. Blobs are cut back only to where an append ended. An implementation's test extends this class and says how to build the store.
 */
public abstract class AppendableBlobsContract {
  @TempDir protected Path root;
  protected BlobStore store;
  protected AppendableBlobs blobs;
  protected StorageSpace space;
  protected final BlobName name = new BlobName("b0123456789abcdefghijklmnop");

  /** A store private to {@code root}, whose {@link BlobStore#appendable()} is present. */
  protected abstract BlobStore newStore(Path root) throws Exception;

  /** The storage space the tests write in (a store that encrypts needs one a tenant owns). */
  protected StorageSpace newSpace() {
    return new StorageSpace("silo-test-container", "");
  }

  @BeforeEach
  void open() throws Exception {
    space = newSpace();
    store = newStore(root);
    store.provision(space);
    blobs = store.appendable().orElseThrow();
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  protected static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  protected String content() throws IOException {
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
    blobs.append(space, name, 0, text("0123"));
    blobs.append(space, name, 4, text("456789"));
    blobs.truncate(space, name, 4);
    assertThat(content()).isEqualTo("0123");
    assertThatThrownBy(() -> blobs.append(space, name, 10, text("x"))).isInstanceOf(IOException.class);
    assertThat(content()).isEqualTo("0123");
    blobs.truncate(space, new BlobName("bmissing0000000000000000000"), 0);
    store.delete(space, name);
    assertThat(store.size(space, name)).isEmpty();
  }
}
