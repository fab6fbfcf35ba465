package dev.silo.core.upload.resumable;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.error.ConflictException;
import dev.silo.core.error.ForbiddenException;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.signing.SignedClaims;
import dev.silo.core.spi.TenantTx;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which resumable upload a request reaches: a live one of its tenant, and through an upload token
 * the upload the token reserved and the partial uploads made through it. Shared by {@link
 * ResumableUploadService} and {@link FinalUploads}.
 */
final class UploadAccess {
  private UploadAccess() {}

  /** The upload an upload token names; empty for any other credential. */
  static Optional<ObjectId> granted(RequestContext ctx) {
    return ctx.grant().map(g -> g.claims()).filter(c -> c.method().equals(SignedClaims.UPLOAD)).map(SignedClaims::upload);
  }

  /** Whether a partial upload was made through the token of the upload reserved as {@code reserved}. */
  static Predicate<ResumableUpload> madeFor(TenantTx tx, ObjectId reserved) {
    Optional<String> r = tx.resumable().findByObjectId(reserved).map(ResumableUpload::id);
    return p -> r.isPresent() && p.madeFor().equals(r);
  }

  /**
   * The upload a token reserved, while nothing was sent to it: partial uploads may be made for it
   * and joined into it. 403 when it is gone, 409 once it has bytes of its own or is complete.
   */
  static ResumableUpload untouchedReservation(TenantTx tx, ObjectId reserved, Instant now) {
    ResumableUpload r =
        tx.resumable().findByObjectId(reserved).filter(u -> u.expiresAt().isAfter(now)).orElseThrow(UploadAccess::denied);
    if (r.completed() || r.offset() > 0 || r.concat() != null) {
      throw new ConflictException("upload_started", "the upload has bytes of its own: it cannot also be made of partial uploads");
    }
    return r;
  }

  /** The upload, unexpired, or 404 (also when it belongs to another tenant: the transaction is the tenant's). */
  static ResumableUpload live(TenantTx tx, String id, Instant now) {
    return tx.resumable()
        .find(id)
        .filter(u -> u.expiresAt().isAfter(now))
        .orElseThrow(() -> new NotFoundException("upload_not_found", "no such upload"));
  }

  /** What an upload token that does not reach an upload gets: 403, as for any token failure. */
  static ForbiddenException denied() {
    return new ForbiddenException("invalid_signature", "the signed URL is invalid");
  }
}
