package dev.silo.store.fs;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.AppendableBlobs;
import dev.silo.core.spi.ComposableBlobs;
import dev.silo.core.spi.BlobNotFoundException;
import dev.silo.core.spi.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A {@link BlobStore} on a local filesystem, one file per blob (layout in {@link SafePath}); a
 * blob composed of others is their files, linked beside it as its pieces, and a list of them
 * ({@link #composable()}).
 *
 * <p>Durability: a blob is streamed into {@code <name>.<random>.part} beside its final place,
 * forced to disk, renamed atomically, and then the directory is forced so the rename itself
 * survives a power cut. A crash before the rename leaves only a {@code .part} file, which {@link
 * PartFileSweeper} removes at start-up; a reader can never see a partial blob.
 *
 * <p>The root directory must already exist (the server creates it); this store never creates it,
 * so a mistyped or unmounted data directory fails {@link #check()} and every write instead of
 * silently starting an empty store somewhere else. Container and prefix directories below it are
 * created on demand.
 */
public final class FsBlobStore implements BlobStore {
  /** Large enough to keep syscalls rare, small enough that many concurrent uploads stay cheap. */
  private static final int BUFFER_SIZE = 64 * 1024;

  private static final String PART_SUFFIX = ".part";

  private final SafePath paths;
  private final boolean links;

  public FsBlobStore(Path root) {
    this(root, true);
  }

  /** {@code links} false: composing copies, as on a filesystem without hard links (tests). */
  FsBlobStore(Path root, boolean links) {
    this.paths = new SafePath(root);
    this.links = links;
  }

  @Override
  public void provision(StorageSpace space) throws IOException {
    ensureDirectory(paths.space(space.container(), space.prefix()));
  }

  @Override
  public void destroy(StorageSpace space) throws IOException {
    // With an empty prefix this is the container directory itself (bucket mode); in prefix mode
    // it is only the tenant's subtree, and the shared container stays.
    deleteTree(paths.space(space.container(), space.prefix()));
  }

  /** Does not close {@code in}: whoever opened the stream owns it. */
  @Override
  public long write(StorageSpace space, BlobName name, InputStream in) throws IOException {
    return writeWith(space, name, out -> copy(in, out));
  }

  @Override
  public Optional<ComposableBlobs> composable() {
    return Optional.of(this::compose);
  }

  /**
   * A composed blob copies no byte: its pieces are hard links to the sources' files (or to their
   * own pieces, for a composed source), named {@code <name>.p<i>} beside a list of them, {@code
   * <name>.pieces} ({@link Pieces}); the sources stay as they were and may be deleted, which only
   * drops their own names. The sources are durable already, so only the list is written and
   * forced, and the directory after the links and the list: an S3 multipart Complete of 1 GiB no
   * longer writes the GiB a second time. The links come first and the list last, so a crash leaves
   * either no blob or all of it; {@link #delete} removes links a crash left without their list.
   */
  private long compose(StorageSpace space, BlobName name, List<BlobName> sources) throws IOException {
    Path target = paths.blob(space.container(), space.prefix(), name.value());
    ensureDirectory(target.getParent());
    List<Pieces.Piece> sourced = new ArrayList<>();
    for (BlobName source : sources) {
      Path file = paths.blob(space.container(), space.prefix(), source.value());
      Pieces composed = Pieces.read(listOf(file));
      if (composed != null) {
        sourced.addAll(composed.pieces());
        continue;
      }
      try {
        sourced.add(new Pieces.Piece(file, Files.readAttributes(file, BasicFileAttributes.class).size()));
      } catch (NoSuchFileException e) {
        throw new BlobNotFoundException(source.value());
      }
    }
    if (!links) {
      return concatenate(space, name, sourced);
    }
    List<Pieces.Piece> linked = new ArrayList<>();
    try {
      for (Pieces.Piece p : sourced) {
        if (p.size() > 0) {
          Path link = pieceOf(target, linked.size());
          Files.deleteIfExists(link);
          Files.createLink(link, p.file());
          linked.add(new Pieces.Piece(link, p.size()));
        }
      }
    } catch (NoSuchFileException e) {
      deletePieces(target);
      throw new BlobNotFoundException(Path.of(e.getFile()).getFileName().toString()); // a source deleted meanwhile
    } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
      deletePieces(target); // no hard links here: the bytes are copied instead
      return concatenate(space, name, sourced);
    }
    Pieces pieces = new Pieces(linked);
    try {
      writeWith(listOf(target), out -> {
        for (ByteBuffer text = ByteBuffer.wrap(pieces.text()); text.hasRemaining(); ) {
          out.write(text);
        }
        return pieces.size();
      });
    } catch (IOException | RuntimeException | Error e) {
      deletePieces(target);
      throw e;
    }
    return pieces.size();
  }

  private static Path listOf(Path blob) {
    return blob.resolveSibling(blob.getFileName() + Pieces.LIST_SUFFIX);
  }

  private static Path pieceOf(Path blob, int index) {
    return blob.resolveSibling(blob.getFileName() + ".p" + index);
  }

  /** Removes a composed blob's pieces, those of its list and any a crash left before the list. */
  private static void deletePieces(Path blob) throws IOException {
    for (int i = 0; Files.deleteIfExists(pieceOf(blob, i)); i++) {
      // pieces are linked in order from 0, so the first one missing ends them
    }
  }

  /**
   * Where hard links cannot be made: the sources copied one after the other with {@link
   * FileChannel#transferTo}, which on Linux copies inside the kernel (copy_file_range), so the
   * bytes never come up into the JVM and memory stays flat.
   */
  private long concatenate(StorageSpace space, BlobName name, List<Pieces.Piece> sources) throws IOException {
    Path target = paths.blob(space.container(), space.prefix(), name.value());
    return writeWith(target, out -> {
      long total = 0;
      for (Pieces.Piece source : sources) {
        try (FileChannel in = FileChannel.open(source.file(), StandardOpenOption.READ)) {
          long size = in.size();
          for (long at = 0; at < size; ) {
            at += in.transferTo(at, size - at, out);
          }
          total += size;
        } catch (NoSuchFileException e) {
          throw new BlobNotFoundException(source.file().getFileName().toString());
        }
      }
      return total;
    });
  }

  /** Fills a channel; returns the bytes written. */
  @FunctionalInterface
  private interface Filler {
    long fill(FileChannel out) throws IOException;
  }

  private long writeWith(StorageSpace space, BlobName name, Filler filler) throws IOException {
    return writeWith(paths.blob(space.container(), space.prefix(), name.value()), filler);
  }

  /** Writes a temporary file, forces it, renames it into place: durable, or nothing under the name. */
  private long writeWith(Path target, Filler filler) throws IOException {
    Path dir = target.getParent();
    ensureDirectory(dir);
    // createTempFile picks the random part and creates the file exclusively, so two writers can
    // never share a temp file.
    Path part = Files.createTempFile(dir, target.getFileName() + ".", PART_SUFFIX);
    boolean renamed = false;
    try {
      long written;
      try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
        written = filler.fill(out);
        out.force(true);
      }
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
      renamed = true;
      forceDirectory(dir);
      return written;
    } catch (Throwable failure) {
      // If even the directory sync failed, the blob is not durable, so it must not stay readable
      // either: the contract promises a failed write leaves nothing under the name.
      try {
        Files.deleteIfExists(renamed ? target : part);
      } catch (IOException cleanup) {
        failure.addSuppressed(cleanup);
      }
      throw failure;
    }
  }

  @Override
  public InputStream read(StorageSpace space, BlobName name, ByteRange range) throws IOException {
    Path file = paths.blob(space.container(), space.prefix(), name.value());
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      Pieces pieces = Pieces.read(listOf(file));
      if (pieces == null) {
        throw new BlobNotFoundException(name.value());
      }
      try {
        return pieces.stream(range);
      } catch (NoSuchFileException deleted) {
        throw new BlobNotFoundException(name.value()); // deleted since its list was read
      }
    }
    if (range == null) {
      try {
        return new FileRangeInputStream(channel, 0, channel.size());
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    }
    return new FileRangeInputStream(channel, range.first(), range.length());
  }

  @Override
  public OptionalLong size(StorageSpace space, BlobName name) throws IOException {
    Path file = paths.blob(space.container(), space.prefix(), name.value());
    try {
      return OptionalLong.of(Files.readAttributes(file, BasicFileAttributes.class).size());
    } catch (NoSuchFileException e) {
      Pieces pieces = Pieces.read(listOf(file));
      return pieces == null ? OptionalLong.empty() : OptionalLong.of(pieces.size());
    }
  }

  /**
   * Leaves the shard directory in place even when it becomes empty: removing it would race with a
   * concurrent write that has just created it, and there are at most 1,296 shards per space.
   */
  @Override
  public void delete(StorageSpace space, BlobName name) throws IOException {
    Path file = paths.blob(space.container(), space.prefix(), name.value());
    if (!Files.deleteIfExists(file)) {
      // a composed blob: its list first, so that a reader finds no blob rather than missing pieces
      Files.deleteIfExists(listOf(file));
      deletePieces(file);
    }
  }

  /**
   * Resumable uploads grow a file in place under the blob's own name (so reads, deletes and the
   * sweeper treat it as any blob): each chunk is written at the committed offset and forced to
   * disk before the offset is committed in the metadata store; a failed chunk is cut away again.
   */
  @Override
  public Optional<AppendableBlobs> appendable() {
    return Optional.of(appender);
  }

  private final AppendableBlobs appender =
      new AppendableBlobs() {
        @Override
        public long append(StorageSpace space, BlobName name, long offset, InputStream in) throws IOException {
          Path target = paths.blob(space.container(), space.prefix(), name.value());
          Path dir = target.getParent();
          ensureDirectory(dir);
          boolean created = !Files.exists(target);
          long written;
          try (FileChannel out =
              FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (out.size() < offset) {
              throw new IOException("partial blob " + name.value() + " is shorter than its committed offset");
            }
            out.truncate(offset);
            out.position(offset);
            try {
              written = copy(in, out);
              out.force(false);
            } catch (Throwable failure) {
              try {
                out.truncate(offset);
              } catch (IOException cut) {
                failure.addSuppressed(cut);
              }
              throw failure;
            }
          }
          if (created) {
            forceDirectory(dir);
          }
          return written;
        }

        @Override
        public void truncate(StorageSpace space, BlobName name, long length) throws IOException {
          Path target = paths.blob(space.container(), space.prefix(), name.value());
          try (FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
            if (out.size() > length) {
              out.truncate(length);
              out.force(false);
            }
          } catch (NoSuchFileException e) {
            // nothing to cut
          }
        }
      };

  @Override
  public void check() throws IOException {
    Path root = paths.root();
    if (!Files.isDirectory(root)) {
      throw new IOException("blob root is not a directory: " + root);
    }
    // isWritable only reads permission bits; a read-only mount or a full disk shows only when
    // something is actually created.
    Path probe = Files.createTempFile(root, ".check-", ".probe");
    Files.delete(probe);
  }

  @Override
  public void check(StorageSpace space) throws IOException {
    check();
    Path dir = paths.space(space.container(), space.prefix());
    if (!Files.isDirectory(dir)) {
      throw new IOException("the tenant's storage directory is missing: " + dir);
    }
  }

  /**
   * Copies {@code in} to {@code out}. Every {@link #FLUSH_EVERY} bytes of a big body, what has been
   * written so far is forced to disk on a thread of its own while the copy goes on: otherwise a
   * 1 GiB blob sits in the page cache (far below the kernel's own writeback threshold) until the
   * caller's final force writes all of it after the last byte has arrived, and the disk idles
   * while the network works and the other way round. The caller still forces the channel at the
   * end; a failed early force fails the copy (Linux reports a writeback error to one fsync only,
   * so it must not be lost on the background thread).
   */
  private static long copy(InputStream in, FileChannel out) throws IOException {
    byte[] buffer = new byte[BUFFER_SIZE];
    long total = 0;
    long flushedAt = 0;
    EarlyFlush flush = null;
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
        while (chunk.hasRemaining()) {
          out.write(chunk);
        }
        total += n;
        if (total - flushedAt >= FLUSH_EVERY && (flush == null || flush.isDone())) {
          if (flush != null) {
            flush.await();
          }
          flush = EarlyFlush.start(out);
          flushedAt = total;
        }
      }
      if (flush != null) {
        flush.await();
        flush = null;
      }
      return total;
    } finally {
      if (flush != null) {
        flush.awaitQuietly(); // the caller closes the channel: not while it is being forced
      }
    }
  }

  /** Bytes of a big blob written between two early flushes ({@link #copy}). */
  static final long FLUSH_EVERY = 32L * 1024 * 1024;

  /** One {@code force(false)} of a channel being written, on a virtual thread. */
  private static final class EarlyFlush {
    private final FutureTask<Void> task;

    private EarlyFlush(FutureTask<Void> task) {
      this.task = task;
    }

    static EarlyFlush start(FileChannel out) {
      FutureTask<Void> task = new FutureTask<>(() -> {
        out.force(false);
        return null;
      });
      Thread.ofVirtual().name("silo-early-flush").start(task);
      return new EarlyFlush(task);
    }

    boolean isDone() {
      return task.isDone();
    }

    void await() throws IOException {
      try {
        task.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        throw new IOException("forcing the blob to disk failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while forcing the blob to disk");
      }
    }

    void awaitQuietly() {
      try {
        task.get();
      } catch (ExecutionException e) {
        // the copy is failing already; this failure adds nothing
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Creates the directory and any missing parents, forcing each parent that gained an entry: a
   * blob whose directory entry is lost in a crash is as lost as the blob.
   */
  private void ensureDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (dir.equals(paths.root())) {
      throw new NoSuchFileException(dir.toString(), null, "blob root does not exist");
    }
    Path parent = dir.getParent();
    ensureDirectory(parent);
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
      // A concurrent writer created it but may not have forced the parent yet; we must not
      // report our blob durable before that entry is, so force it here as well.
    }
    forceDirectory(parent);
  }

  /** Opening a directory for reading and forcing it is how Linux syncs directory entries. */
  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static void deleteTree(Path top) throws IOException {
    if (!Files.exists(top)) {
      return;
    }
    // walkFileTree does not follow symbolic links, so a link inside a space is removed, never
    // what it points at.
    Files.walkFileTree(
        top,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
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
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
