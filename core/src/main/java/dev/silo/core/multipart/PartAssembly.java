package dev.silo.core.multipart;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.object.ObjectWriter;
import dev.silo.core.object.StagedBlob;
import dev.silo.core.write.WritePolicy;
import dev.silo.core.spi.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;

/** Joins a multipart upload's part blobs, in order, into the one blob the object will have. */
final class PartAssembly {
  private final BlobStore blobs;
  private final ObjectWriter writer;

  PartAssembly(BlobStore blobs, ObjectWriter writer) {
    this.blobs = blobs;
    this.writer = writer;
  }

  /** A new staged blob holding the parts' bytes in order; its size must be {@code size}. */
  StagedBlob join(RequestContext ctx, StorageSpace space, List<UploadedPart> parts, long size) {
    try (InputStream joined = new SequenceInputStream(new PartStreams(space, parts))) {
      return writer.stream(ctx, space, joined, size, size, WritePolicy.TOO_LARGE);
    } catch (IOException e) {
      throw new UnavailableException("the storage backend failed", e);
    }
  }

  /** Opens each part's blob only when the previous one is exhausted. */
  private final class PartStreams implements Enumeration<InputStream> {
    private final StorageSpace space;
    private final Iterator<UploadedPart> parts;

    PartStreams(StorageSpace space, List<UploadedPart> parts) {
      this.space = space;
      this.parts = parts.iterator();
    }

    @Override
    public boolean hasMoreElements() {
      return parts.hasNext();
    }

    @Override
    public InputStream nextElement() {
      UploadedPart p = parts.next();
      try {
        return blobs.read(space, p.blob(), null);
      } catch (IOException e) {
        throw new UnavailableException("a part's bytes are missing from storage", e);
      }
    }
  }
}
