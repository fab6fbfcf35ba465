package dev.silo.store.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartFileSweeperTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @TempDir Path root;

  @Test
  void deletesOnlyPartFilesOlderThanTheAge() throws IOException {
    Path shard = Files.createDirectories(root.resolve("shared/tenants/t1/ab"));
    Path stale = file(shard.resolve("babc.123.part"), NOW.minus(Duration.ofHours(2)));
    Path fresh = file(shard.resolve("babc.456.part"), NOW.minus(Duration.ofMinutes(5)));
    Path oldBlob =
        file(shard.resolve("babcdefghijklmnopqrstuvwxyz"), NOW.minus(Duration.ofDays(30)));
    Path bucketShard = Files.createDirectories(root.resolve("bucket/xy"));
    Path staleInBucket = file(bucketShard.resolve("bxy.9.part"), NOW.minus(Duration.ofDays(1)));

    int deleted = sweeperAt(root).sweep(Duration.ofHours(1));

    assertThat(deleted).isEqualTo(2);
    assertThat(stale).doesNotExist();
    assertThat(staleInBucket).doesNotExist();
    assertThat(fresh).exists();
    assertThat(oldBlob).exists();
  }

  @Test
  void leavesDirectoriesNamedLikePartFilesAlone() throws IOException {
    Path dir = Files.createDirectories(root.resolve("odd.part"));
    Files.setLastModifiedTime(dir, FileTime.from(NOW.minus(Duration.ofDays(1))));

    assertThat(sweeperAt(root).sweep(Duration.ofHours(1))).isZero();
    assertThat(dir).isDirectory();
  }

  @Test
  void missingRootSweepsNothing() throws IOException {
    assertThat(sweeperAt(root.resolve("absent")).sweep(Duration.ZERO)).isZero();
  }

  private static PartFileSweeper sweeperAt(Path root) {
    return new PartFileSweeper(root, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static Path file(Path path, Instant modified) throws IOException {
    Files.writeString(path, "x");
    Files.setLastModifiedTime(path, FileTime.from(modified));
    return path;
  }
}
