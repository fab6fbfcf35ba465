package dev.silo.core.object;

import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.ObjectInfo;
import java.io.InputStream;

/** The outcome of a read: the client's copy is current, or here are the bytes. */
public sealed interface ReadResult {
  ObjectInfo object();

  record NotModified(ObjectInfo object) implements ReadResult {}

  /** {@code range} is null for the whole object; {@code body} must be closed by the caller. */
  record Content(ObjectInfo object, ByteRange range, InputStream body) implements ReadResult {
    public long length() {
      return range == null ? object.size() : range.length();
    }
  }
}
