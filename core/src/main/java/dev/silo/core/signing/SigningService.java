package dev.silo.core.signing;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.Scope;
import dev.silo.core.object.ObjectService;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.spi.Presigner;
import dev.silo.core.tenant.TenancyLayout;
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
  private final MetadataStore metadata;
  private final TenancyLayout layout;
  private final Presigner direct;

  /** Gateway mode: download links point at Silo, signed with HMAC. */
  public SigningService(ObjectService objects, UrlSigner signer, LinkBuilder links) {
    this(objects, signer, links, null, null, null);
  }

  /**
   * Direct mode when {@code direct} is not null ({@code SILO_PRESIGN_MODE=direct}): download
   * links are the backend's own presigned GETs of the object's blob, named and typed like it.
   */
  public SigningService(
      ObjectService objects, UrlSigner signer, LinkBuilder links, MetadataStore metadata, TenancyLayout layout,
      Presigner direct) {
    this.objects = objects;
    this.signer = signer;
    this.links = links;
    this.metadata = metadata;
    this.layout = layout;
    this.direct = direct;
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

  /**
   * A signed download URL of one version of a key, which the caller resolved with the tenant's
   * credential ({@code VersionService.info}); the URL names the version and reads only it.
   */
  public SignedLink signVersion(RequestContext ctx, ObjectInfo version, Long ttlSeconds) {
    ctx.require(Scope.READ);
    return link(ctx, version, UrlSigner.ttl(ttlSeconds), version.version().wire());
  }

  private SignedLink link(RequestContext ctx, ObjectInfo o, Duration ttl) {
    return link(ctx, o, ttl, null);
  }

  private SignedLink link(RequestContext ctx, ObjectInfo o, Duration ttl, String version) {
    Instant expires = signer.expiryFor(ttl);
    // an inline object has no backend blob to presign: Silo serves it through its own signed URL
    if (direct != null && o.blob() != null && !o.blob().inline()) {
      StorageSpace space = layout.spaceOf(metadata.inTenant(ctx.tenant(), tx -> tx.tenant().get()));
      String key = o.key().value();
      String fileName = key.substring(key.lastIndexOf('/') + 1);
      Presigner.PresignedRequest get = direct.presignGet(space, o.blob(), ttl, fileName, o.contentType());
      return new SignedLink(get.url().toString(), expires);
    }
    String token = signer.sign(new SignedClaims(ctx.tenant(), o.bucket(), o.key(), "GET", expires, null, ctx.lineage(), version));
    String url = version == null ? links.objectUrl(o.bucket(), o.key(), token) : links.versionUrl(o.bucket(), o.key(), token, version);
    return new SignedLink(url, expires);
  }
}
