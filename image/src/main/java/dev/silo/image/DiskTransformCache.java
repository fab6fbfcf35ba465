package dev.silo.image;

import dev.silo.core.content.TransformCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Transformed images on disk under {@code <dir>/<ab>/<address>}, at most {@code maxBytes} in
 * all. A hit touches the file's modification time; when a write takes the total over the bound,
 * the least recently touched files go until it is 90% full (LRU by mtime, good enough for a
 * cache whose entries can always be recomputed). Files are written to a temporary name and
 * renamed, so a reader never sees half an entry; a crash leaves at most a {@code .tmp} file,
 * removed at start.
 */
public final class DiskTransformCache implements TransformCache {
  private static final Pattern ADDRESS = Pattern.compile("[0-9a-f]{64}");
  private final Path dir;
  private final long maxBytes;
  private final Clock clock;
  private final AtomicLong total = new AtomicLong();
  private final ReentrantLock evicting = new ReentrantLock();

  public DiskTransformCache(Path dir, long maxBytes, Clock clock) throws IOException {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.clock = clock;
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (!Files.isRegularFile(p)) {
          continue;
        }
        if (p.getFileName().toString().endsWith(".tmp")) {
          Files.deleteIfExists(p);
        } else {
          total.addAndGet(Files.size(p));
        }
      }
    }
  }

  @Override
  public Optional<Entry> get(String address) {
    Path p = path(address);
    try {
      InputStream in = Files.newInputStream(p);
      long length = Files.size(p);
      try {
        Files.setLastModifiedTime(p, FileTime.from(clock.instant()));
      } catch (IOException e) {
        // a failed touch only makes eviction less accurate
      }
      return Optional.of(new Entry(in, length));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public void put(String address, byte[] bytes) {
    if (bytes.length > maxBytes / 4) {
      return; // one entry may not push out most of the cache
    }
    Path p = path(address);
    try {
      Files.createDirectories(p.getParent());
      Path tmp = Files.createTempFile(p.getParent(), address.substring(0, 8), ".tmp");
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      return; // a cache that cannot write is a slower cache, not an error
    }
    if (total.addAndGet(bytes.length) > maxBytes) {
      evict();
    }
  }

  /** Bytes currently held (approximate under concurrent writes of the same address). */
  public long size() {
    return total.get();
  }

  private void evict() {
    if (!evicting.tryLock()) {
      return;
    }
    try {
      record File(Path path, long size, FileTime touched) {}
      List<File> files = new ArrayList<>();
      long sum = 0;
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          if (Files.isRegularFile(p) && !p.getFileName().toString().endsWith(".tmp")) {
            try {
              long size = Files.size(p);
              files.add(new File(p, size, Files.getLastModifiedTime(p)));
              sum += size;
            } catch (NoSuchFileException e) {
              // removed meanwhile
            }
          }
        }
      }
      files.sort(Comparator.comparing(File::touched));
      long target = maxBytes * 9 / 10;
      for (File f : files) {
        if (sum <= target) {
          break;
        }
        if (Files.deleteIfExists(f.path())) {
          sum -= f.size();
        }
      }
      total.set(sum);
    } catch (IOException e) {
      // eviction retries on the next write over the bound
    } finally {
      evicting.unlock();
    }
  }

  private Path path(String address) {
    if (!ADDRESS.matcher(address).matches()) {
      throw new IllegalArgumentException("not a cache address");
    }
    return dir.resolve(address.substring(0, 2)).resolve(address);
  }
}
