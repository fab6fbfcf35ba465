package dev.silo.testkit.memory;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.AppendableBlobs;
import dev.silo.core.spi.BlobNotFoundException;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.MultipartBlobs;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link BlobStore} in memory, which can also grow a blob in place ({@link #appendable()}) and
 * assemble one from parts ({@link #multipart()}). A write reads its input to the end before the
 * blob appears under its name, so a failed write leaves nothing readable; a store that is closed
 * refuses everything, as an unreachable backend would.
 */
public final class MemoryBlobStore implements BlobStore, AppendableBlobs {
  private record Key(StorageSpace space, String name) {}

  private final Map<Key, Chunks> blobs = new ConcurrentHashMap<>();
  private final MemoryMultipartBlobs multipart;
  private volatile boolean closed;

  /** A store whose assemblies ({@link #multipart()}) have parts of 5 MiB, S3's smallest. */
  public MemoryBlobStore() {
    this(5 * 1024 * 1024);
  }

  /** A store whose assemblies have parts of {@code partSize} bytes. */
  public MemoryBlobStore(int partSize) {
    multipart = new MemoryMultipartBlobs(partSize, (space, name, bytes) -> blobs.put(new Key(space, name), bytes), this::read);
  }

  @Override
  public void provision(StorageSpace space) throws IOException {
    check();
  }

  @Override
  public void destroy(StorageSpace space) throws IOException {
    check();
    multipart.destroy(space);
    blobs.keySet().removeIf(k -> k.space().equals(space));
  }

  @Override
  public long write(StorageSpace space, BlobName name, InputStream in) throws IOException {
    check();
    Chunks bytes = Chunks.read(in);
    blobs.put(new Key(space, name.value()), bytes);
    return bytes.size();
  }

  @Override
  public InputStream read(StorageSpace space, BlobName name, ByteRange range) throws IOException {
    Chunks bytes = existing(space, name);
    return range == null ? bytes.open(0, bytes.size() - 1) : bytes.open(range.first(), range.last());
  }

  @Override
  public OptionalLong size(StorageSpace space, BlobName name) throws IOException {
    check();
    Chunks bytes = blobs.get(new Key(space, name.value()));
    return bytes == null ? OptionalLong.empty() : OptionalLong.of(bytes.size());
  }

  @Override
  public void delete(StorageSpace space, BlobName name) throws IOException {
    check();
    blobs.remove(new Key(space, name.value()));
  }

  @Override
  public void check() throws IOException {
    if (closed) {
      throw new IOException("the blob store is closed");
    }
  }

  @Override
  public Optional<AppendableBlobs> appendable() {
    return Optional.of(this);
  }

  @Override
  public Optional<MultipartBlobs> multipart() {
    return Optional.of(multipart);
  }

  /** How many assemblies of the space are unfinished. */
  public long unfinishedAssemblies(StorageSpace space) {
    return multipart.unfinished(space);
  }

  @Override
  public long append(StorageSpace space, BlobName name, long offset, InputStream in) throws IOException {
    check();
    Key key = new Key(space, name.value());
    Chunks base = offset == 0 ? Chunks.EMPTY : blobs.getOrDefault(key, Chunks.EMPTY);
    if (base.size() < offset) {
      throw new IOException("cannot append at " + offset + " to a blob of " + base.size() + " bytes");
    }
    Chunks kept = base.cut(offset);
    blobs.put(key, kept);
    // on failure the blob stays cut back to offset, as the contract wants
    Chunks more = Chunks.read(in);
    blobs.put(key, kept.append(more));
    return more.size();
  }

  @Override
  public void truncate(StorageSpace space, BlobName name, long length) throws IOException {
    check();
    blobs.computeIfPresent(new Key(space, name.value()), (k, bytes) -> bytes.cut(length));
  }

  @Override
  public void close() {
    closed = true;
  }

  /** How many blobs the space holds: lets a test see that a refused upload left no bytes behind. */
  public long count(StorageSpace space) {
    return blobs.keySet().stream().filter(k -> k.space().equals(space)).count();
  }

  private Chunks existing(StorageSpace space, BlobName name) throws IOException {
    check();
    Chunks bytes = blobs.get(new Key(space, name.value()));
    if (bytes == null) {
      throw new BlobNotFoundException(name.value());
    }
    return bytes;
  }
}
