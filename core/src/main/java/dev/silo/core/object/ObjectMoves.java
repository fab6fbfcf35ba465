package dev.silo.core.object;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.Scope;
import dev.silo.core.error.ConflictException;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.PreconditionFailedException;
import dev.silo.core.error.UnavailableException;
import java.io.IOException;

/**
 * Copying and moving an object under another key, in the same bucket or another of the tenant's:
 * what a console's Rename does, and the REST API's {@code /v1/copy} and {@code /v1/move}. The
 * object goes with everything it is (type, metadata, standard headers, tags, ACL) and shares its
 * bytes ({@link ObjectService#copy}: nothing is written again). A move is a copy and then a delete
 * of the source, if it is still what was copied: interrupted between the two, the object is at
 * both keys, never at neither. In a versioned bucket the delete leaves a delete marker, as S3 tools'
 * moves do.
 */
public final class ObjectMoves {
  private final ObjectService objects;

  public ObjectMoves(ObjectService objects) {
    this.objects = objects;
  }

  /**
   * Copies the current object at {@code key} of {@code bucket} to {@code toKey} of {@code toBucket}
   * (null buckets: the default one). An object already there is replaced only if {@code overwrite}
   * (else 409 {@code object_exists}); the source itself is never the destination (400).
   */
  public PutResult copy(RequestContext ctx, BucketName bucket, ObjectKey key, BucketName toBucket, ObjectKey toKey, boolean overwrite) {
    ctx.require(Scope.WRITE);
    return copied(ctx, bucket, key, toBucket, toKey, overwrite).result();
  }

  /** As {@link #copy}, and then the source deleted (scope {@code delete} too, checked before anything is copied). */
  public PutResult move(RequestContext ctx, BucketName bucket, ObjectKey key, BucketName toBucket, ObjectKey toKey, boolean overwrite) {
    ctx.require(Scope.WRITE);
    ctx.require(Scope.DELETE);
    Copied c = copied(ctx, bucket, key, toBucket, toKey, overwrite);
    try {
      objects.delete(ctx, c.source().bucket(), key, new Conditions(c.source().etag(), null, null, null));
    } catch (PreconditionFailedException e) {
      throw new ConflictException("source_changed",
          "the source was changed while it was moved: the copy was made and the source, which is not what was copied, kept");
    }
    return c.result();
  }

  private record Copied(ObjectInfo source, PutResult result) {}

  private Copied copied(RequestContext ctx, BucketName bucket, ObjectKey key, BucketName toBucket, ObjectKey toKey, boolean overwrite) {
    BucketName from = objects.bucketOf(ctx, bucket);
    BucketName to = objects.bucketOf(ctx, toBucket);
    if (from.equals(to) && key.equals(toKey)) {
      throw new InvalidInputException("same_key", "the destination is the source: name another key or bucket");
    }
    ReadResult r = objects.read(ctx, from, key, null, Conditions.NONE, true);
    if (!(r instanceof ReadResult.Content c)) {
      throw new IllegalStateException("a read without conditions has content");
    }
    ObjectInfo source = c.object();
    PutRequest req =
        new PutRequest(to, toKey, source.contentType(), source.size(), source.acl(), source.folder(), source.metadata(),
            overwrite ? Conditions.NONE : new Conditions(null, "*", null, null))
            .withHeaders(source.headers())
            .withTags(source.tags());
    try (var in = c.body()) {
      return new Copied(source, objects.copy(ctx, req, from, source, in));
    } catch (PreconditionFailedException e) {
      throw new ConflictException("object_exists", "an object is already at " + toKey.value() + ": send overwrite to replace it");
    } catch (IOException e) {
      throw new UnavailableException("the source could not be read to its end", e);
    }
  }
}
