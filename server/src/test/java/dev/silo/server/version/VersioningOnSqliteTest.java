package dev.silo.server.version;

import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.MetadataStore;
import dev.silo.metadata.jdbc.JdbcMetadataStore;
import dev.silo.store.fs.FsBlobStore;
import dev.silo.testkit.VersioningContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link VersioningContract} on SQLite and the filesystem, with the test's clock. */
class VersioningOnSqliteTest extends VersioningContract {
  @TempDir Path dir;

  @Override
  protected MetadataStore newMetadata() {
    return JdbcMetadataStore.open("jdbc:sqlite:" + dir.resolve("silo.db"));
  }

  @Override
  protected BlobStore newBlobs() throws Exception {
    return new FsBlobStore(Files.createDirectories(dir.resolve("blobs")));
  }
}
