package dev.silo.server;

import dev.silo.core.support.IdGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;

/**
 * The operator token and the master key: from the environment, or generated once into the data
 * directory with mode 0600. A generated operator token is reported so that start-up can print it
 * once; nothing here ever logs a secret.
 */
final class Secrets {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  record Secret(String value, boolean generated) {}

  private Secrets() {}

  /**
   * Creates the data directory owner-only (0700) when it is missing: it holds the database, the
   * key files and, on the filesystem store, every blob. An existing directory keeps its mode (it may
   * be a mounted volume the operator set up).
   */
  static void dataDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  static Secret adminToken(Config config, IdGenerator ids) throws IOException {
    if (config.adminToken() != null) {
      return new Secret(config.adminToken(), false);
    }
    return fileOrNew(config.dataDir().resolve("admin.token"), () -> "silo_admin_" + ids.secret(43));
  }

  static byte[] masterKey(Config config, IdGenerator ids) throws IOException {
    String encoded =
        config.masterKey() != null
            ? config.masterKey()
            : fileOrNew(config.dataDir().resolve("master.key"), () -> Base64.getEncoder().encodeToString(ids.bytes(32))).value();
    return decodeKey("SILO_MASTER_KEY", encoded);
  }

  static byte[] decodeKey(String setting, String encoded) {
    // `openssl rand -hex 32` also passes as base64, silently giving a different key than meant
    if (encoded.trim().matches("[0-9a-fA-F]{64,}")) {
      throw new IllegalArgumentException(setting + " looks like hex, but Silo reads base64: make one with"
          + " `openssl rand -base64 32`, or convert this one with `printf %s KEY | xxd -r -p | base64`");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(encoded.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + " must be base64 (make one with `openssl rand -base64 32`)");
    }
    if (key.length < 32) {
      throw new IllegalArgumentException(setting + " must decode to at least 32 bytes");
    }
    return key;
  }

  private static Secret fileOrNew(Path file, java.util.function.Supplier<String> generate) throws IOException {
    if (Files.exists(file)) {
      return new Secret(Files.readString(file, StandardCharsets.UTF_8).trim(), false);
    }
    String value = generate.get();
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return new Secret(value, true);
  }
}
