package dev.silo.store.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.core.spi.BlobStore;
import dev.silo.testkit.AppendableBlobsContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The filesystem store's append capability, used by resumable uploads. */
class FsAppendableBlobsTest extends AppendableBlobsContract {
  @Override
  protected BlobStore newStore(Path root) {
    return new FsBlobStore(root);
  }

  @Test
  void deletingAnAppendedBlobKeepsTheContainerDirectory() throws IOException {
    blobs.append(space, name, 0, text("0123"));
    store.delete(space, name);
    assertThat(Files.exists(root.resolve("silo-test-container"))).isTrue();
    assertThat(store.size(space, name)).isEmpty();
  }
}
