package dev.silo.metadata.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Keeps the SQLite database private to the server's user: it holds key hashes, webhook secrets and
 * every tenant's metadata. The JVM cannot set a umask, so the file is created 0600 before SQLite
 * opens it; SQLite gives its {@code -wal} and {@code -shm} files the database file's mode, so they
 * follow. A missing directory is created 0700; files left 0644 by an older version are tightened.
 */
final class SqliteFiles {
  static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

  private SqliteFiles() {}

  /** The database file of a {@code jdbc:sqlite:} URL, or null for an in-memory database. */
  static Path fileOf(String url) {
    String path = url.substring("jdbc:sqlite:".length());
    int query = path.indexOf('?');
    path = query < 0 ? path : path.substring(0, query);
    if (path.startsWith("file:")) {
      path = path.substring("file:".length());
    }
    if (path.isEmpty() || path.startsWith(":memory:")) {
      return null;
    }
    return Path.of(path).toAbsolutePath();
  }

  static void prepare(String url) {
    Path db = fileOf(url);
    if (db == null) {
      return;
    }
    boolean posix = db.getFileSystem().supportedFileAttributeViews().contains("posix");
    try {
      Path parent = db.getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        if (posix) {
          Files.createDirectories(parent, attribute(OWNER_DIR));
        } else {
          Files.createDirectories(parent);
        }
      }
      if (!posix) {
        return;
      }
      try {
        Files.createFile(db, attribute(OWNER_FILE));
      } catch (FileAlreadyExistsException exists) {
        // an existing database keeps its content; only its mode is tightened below
      }
      for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
        Path f = db.resolveSibling(db.getFileName() + suffix);
        if (Files.exists(f) && !Files.getPosixFilePermissions(f).equals(OWNER_FILE)) {
          Files.setPosixFilePermissions(f, OWNER_FILE);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the metadata database file " + db, e);
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> p) {
    return PosixFilePermissions.asFileAttribute(p);
  }
}
