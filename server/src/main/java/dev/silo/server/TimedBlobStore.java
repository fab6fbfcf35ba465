package dev.silo.server;

import dev.silo.core.spi.AppendableBlobs;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.MultipartBlobs;
import dev.silo.core.spi.Presigner;
import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.StorageSpace;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A blob store whose operations are timed ({@link StoreTimers}). A read is timed to the opening of
 * its stream (the time to the first byte), not to the end of the transfer.
 */
final class TimedBlobStore implements BlobStore {
  private final BlobStore delegate;
  private final StoreTimers timers;

  TimedBlobStore(BlobStore delegate, StoreTimers timers) {
    this.delegate = delegate;
    this.timers = timers;
  }

  /** One store call, which may throw what the store throws. */
  @FunctionalInterface
  private interface Call<T> {
    T run() throws IOException;
  }

  private <T> T timed(String operation, Call<T> call) throws IOException {
    long t = System.nanoTime();
    try {
      return call.run();
    } finally {
      timers.store(operation, t);
    }
  }

  @Override
  public void provision(StorageSpace space) throws IOException {
    timed("provision", () -> {
      delegate.provision(space);
      return null;
    });
  }

  @Override
  public void destroy(StorageSpace space) throws IOException {
    timed("destroy", () -> {
      delegate.destroy(space);
      return null;
    });
  }

  @Override
  public dev.silo.core.domain.BlobSeal seal(StorageSpace space, BlobName name) throws IOException {
    return delegate.seal(space, name);
  }

  @Override
  public long write(StorageSpace space, BlobName name, InputStream in) throws IOException {
    return timed("write", () -> delegate.write(space, name, in));
  }

  @Override
  public InputStream read(StorageSpace space, BlobName name, ByteRange range) throws IOException {
    return timed("read", () -> delegate.read(space, name, range));
  }

  @Override
  public OptionalLong size(StorageSpace space, BlobName name) throws IOException {
    return timed("size", () -> delegate.size(space, name));
  }

  @Override
  public void delete(StorageSpace space, BlobName name) throws IOException {
    timed("delete", () -> {
      delegate.delete(space, name);
      return null;
    });
  }

  @Override
  public void check() throws IOException {
    delegate.check();
  }

  @Override
  public void check(StorageSpace space) throws IOException {
    delegate.check(space);
  }

  @Override
  public Optional<Presigner> presigner() {
    return delegate.presigner();
  }

  @Override
  public Optional<AppendableBlobs> appendable() {
    return delegate.appendable();
  }

  @Override
  public Optional<MultipartBlobs> multipart() {
    return delegate.multipart();
  }

  @Override
  public Optional<dev.silo.core.spi.ComposableBlobs> composable() {
    return delegate.composable();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
