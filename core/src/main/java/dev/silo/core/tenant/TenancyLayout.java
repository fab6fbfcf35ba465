package dev.silo.core.tenant;

import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.Tenant;

/**
 * Where a tenant's blobs go in the backend. Bucket-per-tenant (the default, the safer one: a
 * backend credential or policy mistake cannot cross tenants) or one shared bucket with a prefix
 * per tenant id.
 */
public sealed interface TenancyLayout {
  StorageSpace spaceOf(Tenant tenant);

  /** A backend bucket (or directory) per tenant, named from a template. */
  record BucketPerTenant(String template, String app, String env) implements TenancyLayout {
    public BucketPerTenant {
      if (!template.contains("{slug}")) {
        throw new IllegalArgumentException("the bucket template must contain {slug}");
      }
    }

    @Override
    public StorageSpace spaceOf(Tenant tenant) {
      String name =
          template
              .replace("{app}", app)
              .replace("{env}", env)
              .replace("{slug}", tenant.slug().value());
      try {
        return new StorageSpace(name, "");
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            "the bucket template gives an invalid bucket name for tenant " + tenant.slug(), e);
      }
    }
  }

  /** One shared bucket; each tenant under {@code tenants/<tenant-id>/}. */
  record SharedPrefix(String bucket) implements TenancyLayout {
    @Override
    public StorageSpace spaceOf(Tenant tenant) {
      return new StorageSpace(bucket, "tenants/" + tenant.id().value() + "/");
    }
  }
}
