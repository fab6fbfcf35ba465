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

  @Override
  public void provision(StorageSpace space) throws IOException {
    long t = System.nanoTime();
    try {
      delegate.provision(space);
    } finally {
      timers.store("provision", t);
    }
  }

  @Override
  public void destroy(StorageSpace space) throws IOException {
    long t = System.nanoTime();
    try {
      delegate.destroy(space);
    } finally {
      timers.store("destroy", t);
    }
  }

  @Override
  public long write(StorageSpace space, BlobName name, InputStream in) throws IOException {
    long t = System.nanoTime();
    try {
      return delegate.write(space, name, in);
    } finally {
      timers.store("write", t);
    }
  }

  @Override
  public InputStream read(StorageSpace space, BlobName name, ByteRange range) throws IOException {
    long t = System.nanoTime();
    try {
      return delegate.read(space, name, range);
    } finally {
      timers.store("read", t);
    }
  }

  @Override
  public OptionalLong size(StorageSpace space, BlobName name) throws IOException {
    long t = System.nanoTime();
    try {
      return delegate.size(space, name);
    } finally {
      timers.store("size", t);
    }
  }

  @Override
  public void delete(StorageSpace space, BlobName name) throws IOException {
    long t = System.nanoTime();
    try {
      delegate.delete(space, name);
    } finally {
      timers.store("delete", t);
    }
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
  public void close() throws IOException {
    delegate.close();
  }
}
