package dev.silo.core.multipart;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.object.ObjectWriter;
import dev.silo.core.object.StagedBlob;
import dev.silo.core.write.WritePolicy;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.ComposableBlobs;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;

/**
 * Joins a multipart upload's part blobs, in order, into the one blob the object will have. Where
 * the store composes blobs ({@link ComposableBlobs}: the filesystem, inside the kernel) the bytes
 * are neither streamed nor hashed again: the object's MD5 field is S3's multipart ETag ({@code
 * md5-of-part-md5s-N}) and its SHA-256 the composite of the parts' ({@code
 * sha256-of-part-sha256s-N}, as S3 reports a multipart object's composite checksum), both from
 * what each part recorded as it arrived. Other stores, and parts stored before their SHA-256 was
 * kept, get the parts streamed into a new blob, hashed on the way.
 */
final class PartAssembly {
  private final BlobStore blobs;
  private final ObjectWriter writer;

  PartAssembly(BlobStore blobs, ObjectWriter writer) {
    this.blobs = blobs;
    this.writer = writer;
  }

  /** A new staged blob holding the parts' bytes in order; its size must be {@code size}. */
  StagedBlob join(RequestContext ctx, StorageSpace space, List<UploadedPart> parts, long size, String etag) {
    var composable = blobs.composable();
    if (composable.isPresent() && parts.stream().allMatch(p -> p.sha256() != null)) {
      List<BlobName> sources = parts.stream().map(UploadedPart::blob).toList();
      StagedBlob composed = writer.compose(ctx, space, composable.get(), sources, compositeSha256(parts), etag);
      if (composed.size() != size) {
        writer.discard(composed, space);
        throw new UnavailableException("the parts' stored bytes do not match their recorded sizes", null);
      }
      return composed;
    }
    try (InputStream joined = new SequenceInputStream(new PartStreams(space, parts))) {
      return writer.stream(ctx, space, joined, size, size, WritePolicy.TOO_LARGE);
    } catch (IOException e) {
      throw new UnavailableException("the storage backend failed", e);
    }
  }

  /** The SHA-256 of the parts' binary SHA-256s, dash, their count. */
  static String compositeSha256(List<UploadedPart> parts) {
    return PartDigests.of("SHA-256", parts.stream().map(UploadedPart::sha256).toList());
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
