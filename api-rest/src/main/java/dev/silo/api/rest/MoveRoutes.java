package dev.silo.api.rest;

import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.object.ObjectMoves;
import dev.silo.http.Exchange;
import java.io.IOException;

/**
 * {@code POST /v1/copy} and {@code POST /v1/move}: an object under another key or in another of
 * the tenant's buckets, its bytes shared rather than sent again ({@link ObjectMoves}).
 */
final class MoveRoutes {
  private final ObjectMoves moves;

  MoveRoutes(ObjectMoves moves) {
    this.moves = moves;
  }

  void copy(Exchange ex) throws IOException {
    Bodies.CopyObject b = body(ex);
    ObjectRoutes.written(ex, moves.copy(ex.context(), bucket(b.bucket()), new ObjectKey(b.key()), bucket(b.toBucket()), new ObjectKey(b.toKey()),
        Boolean.TRUE.equals(b.overwrite())), 201);
  }

  void move(Exchange ex) throws IOException {
    Bodies.CopyObject b = body(ex);
    ObjectRoutes.written(ex, moves.move(ex.context(), bucket(b.bucket()), new ObjectKey(b.key()), bucket(b.toBucket()), new ObjectKey(b.toKey()),
        Boolean.TRUE.equals(b.overwrite())), 201);
  }

  private static Bodies.CopyObject body(Exchange ex) {
    Bodies.CopyObject b = ex.readJson(Bodies.CopyObject.class);
    if (b == null || b.key() == null || b.toKey() == null) {
      throw new InvalidInputException("invalid_body", "key and to_key are required");
    }
    return b;
  }

  private static BucketName bucket(String name) {
    return name == null || name.isEmpty() ? null : new BucketName(name);
  }
}
