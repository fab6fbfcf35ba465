package dev.silo.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.BlobStore;
import dev.silo.testkit.MultipartBlobsContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The assembly contract on the in-memory store. */
class MemoryMultipartBlobsContractTest extends MultipartBlobsContract {
  private final MemoryBlobStore memory = new MemoryBlobStore();

  @Override
  protected BlobStore store() {
    return memory;
  }

  @Test
  void destroyingASpaceAbortsItsUnfinishedAssembliesAndOnlyThose() throws IOException {
    StorageSpace doomed = new StorageSpace("silo-assembly-shared", "tenants/doomed/");
    StorageSpace kept = new StorageSpace("silo-assembly-shared", "tenants/kept/");
    BlobName name = newName();
    String inDoomed = multipart.begin(doomed, name);
    multipart.upload(doomed, name, inDoomed, 1, new ByteArrayInputStream(bytes(multipart.partSize())), -1, (r, n) -> {});
    multipart.begin(kept, name);

    store.destroy(doomed);

    assertThat(memory.unfinishedAssemblies(doomed)).isZero();
    assertThat(memory.unfinishedAssemblies(kept)).isEqualTo(1);
  }
}
