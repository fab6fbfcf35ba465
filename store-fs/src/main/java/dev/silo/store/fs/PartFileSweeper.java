package dev.silo.store.fs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Removes the {@code .part} files a crash left behind under the blob root.
 *
 * <p>Only files older than the given age go: a write in progress touches its temp file with every
 * buffer it writes, so its modification time stays fresh, and the sweeper can also run while the
 * server is serving, not only at start-up. The clock is injected so tests need not wait.
 */
public final class PartFileSweeper {
  private static final String PART_SUFFIX = ".part";

  private final Path root;
  private final Clock clock;

  public PartFileSweeper(Path root, Clock clock) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Deletes every {@code .part} file last modified more than {@code olderThan} ago. */
  public int sweep(Duration olderThan) throws IOException {
    if (olderThan.isNegative()) {
      throw new IllegalArgumentException("olderThan must not be negative");
    }
    if (!Files.isDirectory(root)) {
      return 0;
    }
    Instant cutoff = clock.instant().minus(olderThan);
    int[] deleted = {0};
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (attrs.isRegularFile()
                && file.getFileName().toString().endsWith(PART_SUFFIX)
                && attrs.lastModifiedTime().toInstant().isBefore(cutoff)
                && Files.deleteIfExists(file)) {
              deleted[0]++;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            // A write finishing (rename) or a space being destroyed while we walk is normal.
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
              throw e;
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return deleted[0];
  }
}
