package dev.silo.core.tenant;

import dev.silo.core.domain.Limits;
import dev.silo.core.domain.OidcSettings;
import dev.silo.core.domain.TenantStatus;
import java.util.List;
import java.util.Optional;

/**
 * A partial update. A null field is left unchanged; for the nullable limits an empty Optional
 * means "unlimited", for {@code oidc} an empty Optional removes the identity settings.
 */
public record TenantPatch(String name, TenantStatus status, LimitsPatch limits, Optional<OidcSettings> oidc) {

  /** A patch that leaves the identity settings as they are. */
  public TenantPatch(String name, TenantStatus status, LimitsPatch limits) {
    this(name, status, limits, null);
  }

  public record LimitsPatch(
      Optional<Long> maxBytes,
      Optional<Long> maxObjects,
      Optional<Long> maxUploadBytes,
      Integer maxBuckets,
      List<String> allowedContentTypes) {

    /** A patch that sets every limit to the given values. */
    public static LimitsPatch replacing(Limits l) {
      return new LimitsPatch(
          Optional.ofNullable(l.maxBytes()),
          Optional.ofNullable(l.maxObjects()),
          Optional.ofNullable(l.maxUploadBytes()),
          l.maxBuckets(),
          l.allowedContentTypes());
    }

    public Limits applyTo(Limits l) {
      return new Limits(
          maxBytes == null ? l.maxBytes() : maxBytes.orElse(null),
          maxObjects == null ? l.maxObjects() : maxObjects.orElse(null),
          maxUploadBytes == null ? l.maxUploadBytes() : maxUploadBytes.orElse(null),
          maxBuckets == null ? l.maxBuckets() : maxBuckets,
          allowedContentTypes == null ? l.allowedContentTypes() : allowedContentTypes);
    }
  }
}
