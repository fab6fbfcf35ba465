package dev.silo.core.signing;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.Scope;
import dev.silo.core.object.ObjectService;
import java.time.Duration;
import java.time.Instant;

/**
 * Signed download URLs for a tenant's own objects. Signing an object the caller cannot see is a
 * 404, exactly like reading it.
 */
public final class SigningService {
  private final ObjectService objects;
  private final UrlSigner signer;
  private final LinkBuilder links;

  public SigningService(ObjectService objects, UrlSigner signer, LinkBuilder links) {
    this.objects = objects;
    this.signer = signer;
    this.links = links;
  }

  public SignedLink signGet(RequestContext ctx, BucketName bucket, ObjectKey key, Long ttlSeconds) {
    ctx.require(Scope.READ);
    Duration ttl = UrlSigner.ttl(ttlSeconds);
    ObjectInfo o = objects.info(ctx, bucket, key);
    return link(ctx, o, ttl);
  }

  public SignedLink downloadUrl(RequestContext ctx, ObjectId id, Long ttlSeconds) {
    ctx.require(Scope.READ);
    Duration ttl = UrlSigner.ttl(ttlSeconds);
    return link(ctx, objects.byId(ctx, id), ttl);
  }

  private SignedLink link(RequestContext ctx, ObjectInfo o, Duration ttl) {
    Instant expires = signer.expiryFor(ttl);
    String token = signer.sign(new SignedClaims(ctx.tenant(), o.bucket(), o.key(), "GET", expires, null));
    return new SignedLink(links.objectUrl(o.bucket(), o.key(), token), expires);
  }
}
