package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.Config;
import dev.silo.server.Silo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default keeps its files private to the server's user: the data directory it
 * creates is 0700, and the SQLite database with its {@code -wal} and {@code -shm} files 0600, at
 * start and after writes, whatever the process umask; a database left 0644 is tightened at start.
 */
class DataFileModesTest {
  @TempDir Path dir;

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  static Silo start(Path data) throws Exception {
    return Silo.start(Config.load(
        Map.of("SILO_PORT", "0", "SILO_S3_PORT", "0", "SILO_HOST", "127.0.0.1", "SILO_DATA_DIR", data.toString(),
            "SILO_ADMIN_TOKEN", TestSilo.ADMIN),
        Map.of()));
  }

  void assertPrivate(Path data) throws Exception {
    assertThat(mode(data)).as("data directory").isEqualTo("rwx------");
    for (String f : List.of("silo.db", "silo.db-wal", "silo.db-shm")) {
      assertThat(data.resolve(f)).exists();
      assertThat(mode(data.resolve(f))).as(f).isEqualTo("rw-------");
    }
  }

  @Test
  void theDatabaseFilesAreOwnerOnlyAtStartAndAfterWrites() throws Exception {
    Path data = dir.resolve("fresh/data");
    try (Silo silo = start(data)) {
      assertPrivate(data);
      Api op = new Api("http://127.0.0.1:" + silo.port(), TestSilo.ADMIN);
      assertThat(op.post("/v1/tenants", "{\"slug\":\"modes\"}").status()).isEqualTo(201);
      Api t = new Api("http://127.0.0.1:" + silo.port(), op.post("/v1/tenants/modes/keys", "{\"name\":\"k\"}").json().path("key").asText());
      for (int i = 0; i < 20; i++) {
        assertThat(t.put("/v1/objects/f" + i + ".txt", "x".repeat(1000), "Content-Type", "text/plain").status()).isEqualTo(201);
      }
      assertPrivate(data);
    }
  }

  @Test
  void aDatabaseLeftWorldReadableIsTightenedAtStart() throws Exception {
    Path data = dir.resolve("old");
    try (Silo silo = start(data)) {
      assertThat(silo.port()).isPositive();
    }
    Files.setPosixFilePermissions(data.resolve("silo.db"), PosixFilePermissions.fromString("rw-r--r--"));
    try (Silo silo = start(data)) {
      assertThat(mode(data.resolve("silo.db"))).isEqualTo("rw-------");
      assertThat(mode(data.resolve("silo.db-wal"))).isEqualTo("rw-------");
    }
  }
}
