package dev.silo.testkit.memory;

import dev.silo.core.audit.AuditRecord;
import dev.silo.core.domain.ApiKey;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.S3Credential;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.Usage;
import dev.silo.core.events.Delivery;
import dev.silo.core.events.Webhook;
import dev.silo.core.multipart.MultipartUpload;
import dev.silo.core.multipart.UploadedPart;
import dev.silo.core.spi.CleanupRepository;
import dev.silo.core.spi.MultipartBlobs;
import dev.silo.core.upload.resumable.ResumablePart;
import dev.silo.core.upload.resumable.ResumableUpload;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every table of the store as maps of immutable rows. A transaction works on a {@link #copy} (the
 * maps are copied, the records shared), so committing is replacing the store's reference and
 * rolling back is dropping the copy. Keys carry the tenant wherever the JDBC schema's do.
 */
final class Tables {
  /** A row of one tenant. */
  record Owned<T>(String tenant, T row) {}

  /** A key within one tenant: (tenant, id). */
  record TenantKey(String tenant, String id) {}

  /** A child row's key: (tenant, parent id, number or offset). */
  record ChildKey(String tenant, String parent, long number) {}

  /** An outbox row; {@code seq} is its position across tenants. */
  record OutboxRow(long seq, String id, String tenant, String type, Instant time, String payload) {}

  /** A version of a key: (tenant, bucket, key, version id). */
  record VersionKey(String tenant, String bucket, String key, String versionId) {}

  /** A bucket's versioning and lifecycle rules (absent: off, none). */
  record BucketSettings(
      dev.silo.core.domain.Versioning versioning, dev.silo.core.domain.Lifecycle lifecycle,
      dev.silo.core.domain.ObjectLock.Configuration objectLock, dev.silo.core.domain.BucketTags tags,
      dev.silo.core.domain.LifecycleWalks walks, dev.silo.core.domain.CorsRules cors) {
    static final BucketSettings NONE = new BucketSettings(
        dev.silo.core.domain.Versioning.OFF, dev.silo.core.domain.Lifecycle.NONE, null, dev.silo.core.domain.BucketTags.NONE,
        dev.silo.core.domain.LifecycleWalks.NONE, dev.silo.core.domain.CorsRules.NONE);

    BucketSettings withVersioning(dev.silo.core.domain.Versioning v) {
      return new BucketSettings(v, lifecycle, objectLock, tags, walks, cors);
    }

    BucketSettings withLifecycle(dev.silo.core.domain.Lifecycle l) {
      return new BucketSettings(versioning, l, objectLock, tags, dev.silo.core.domain.LifecycleWalks.NONE, cors);
    }

    BucketSettings withObjectLock(dev.silo.core.domain.ObjectLock.Configuration c) {
      return new BucketSettings(versioning, lifecycle, c, tags, walks, cors);
    }

    BucketSettings withTags(dev.silo.core.domain.BucketTags t) {
      return new BucketSettings(versioning, lifecycle, objectLock, t, walks, cors);
    }

    BucketSettings withWalks(dev.silo.core.domain.LifecycleWalks w) {
      return new BucketSettings(versioning, lifecycle, objectLock, tags, w, cors);
    }

    BucketSettings withCors(dev.silo.core.domain.CorsRules c) {
      return new BucketSettings(versioning, lifecycle, objectLock, tags, walks, c);
    }
  }

  Map<String, Tenant> tenants = new HashMap<>();
  Map<VersionKey, dev.silo.core.spi.StoredVersion> versions = new HashMap<>();
  Map<TenantKey, Long> blobRefs = new HashMap<>();
  Map<TenantKey, BucketSettings> bucketSettings = new HashMap<>();
  Map<String, Usage> usage = new HashMap<>();
  Map<TenantKey, Instant> buckets = new HashMap<>();
  Map<String, Owned<ObjectInfo>> objects = new HashMap<>();
  Map<String, ApiKey> apiKeys = new HashMap<>();
  TreeMap<Long, CleanupRepository.Entry> cleanup = new TreeMap<>();
  TreeMap<Long, AuditRecord> audit = new TreeMap<>();
  TreeMap<Long, OutboxRow> outbox = new TreeMap<>();
  Map<String, S3Credential> s3Credentials = new HashMap<>();
  Map<String, Owned<MultipartUpload>> multipart = new HashMap<>();
  Map<ChildKey, UploadedPart> multipartParts = new HashMap<>();
  Map<String, Owned<ResumableUpload>> resumable = new HashMap<>();
  Map<ChildKey, ResumablePart> resumableParts = new HashMap<>();
  Map<ChildKey, MultipartBlobs.Part> assembled = new HashMap<>();
  Map<String, Owned<Webhook>> webhooks = new HashMap<>();
  /** Bytes reserved by unfinished uploads, by (tenant, upload id). */
  Map<TenantKey, Long> reservations = new HashMap<>();
  TreeMap<Long, Owned<Delivery>> deliveries = new TreeMap<>();
  /** Tenants' wrapped data keys, by (tenant, version). */
  Map<ChildKey, dev.silo.core.domain.TenantKey> dataKeys = new HashMap<>();
  /** Inline blobs' stored bytes, by (tenant, blob name); the arrays are never changed once stored. */
  Map<TenantKey, byte[]> inline = new HashMap<>();
  long lastId;
  /** This unit of work revoked a credential or changed a tenant; never copied, so each unit starts without. */
  boolean credentialsChanged;

  /** The next id of any sequence: one counter is enough, since ids only need to grow. */
  long nextId() {
    return ++lastId;
  }

  Tables copy() {
    Tables c = new Tables();
    c.tenants = new HashMap<>(tenants);
    c.versions = new HashMap<>(versions);
    c.blobRefs = new HashMap<>(blobRefs);
    c.bucketSettings = new HashMap<>(bucketSettings);
    c.usage = new HashMap<>(usage);
    c.buckets = new HashMap<>(buckets);
    c.objects = new HashMap<>(objects);
    c.apiKeys = new HashMap<>(apiKeys);
    c.cleanup = new TreeMap<>(cleanup);
    c.audit = new TreeMap<>(audit);
    c.outbox = new TreeMap<>(outbox);
    c.s3Credentials = new HashMap<>(s3Credentials);
    c.multipart = new HashMap<>(multipart);
    c.multipartParts = new HashMap<>(multipartParts);
    c.resumable = new HashMap<>(resumable);
    c.resumableParts = new HashMap<>(resumableParts);
    c.assembled = new HashMap<>(assembled);
    c.webhooks = new HashMap<>(webhooks);
    c.reservations = new HashMap<>(reservations);
    c.deliveries = new TreeMap<>(deliveries);
    c.dataKeys = new HashMap<>(dataKeys);
    c.inline = new HashMap<>(inline);
    c.lastId = lastId;
    return c;
  }

  /** Deletes every row of the tenant except its cleanup and audit rows, as the JDBC store does. */
  void dropTenant(String tenant) {
    dataKeys.keySet().removeIf(k -> k.tenant().equals(tenant));
    tenants.remove(tenant);
    versions.keySet().removeIf(k -> k.tenant().equals(tenant));
    blobRefs.keySet().removeIf(k -> k.tenant().equals(tenant));
    bucketSettings.keySet().removeIf(k -> k.tenant().equals(tenant));
    usage.remove(tenant);
    buckets.keySet().removeIf(k -> k.tenant().equals(tenant));
    objects.values().removeIf(o -> o.tenant().equals(tenant));
    apiKeys.values().removeIf(k -> k.tenant().value().equals(tenant));
    outbox.values().removeIf(o -> o.tenant().equals(tenant));
    s3Credentials.values().removeIf(c -> c.tenant().value().equals(tenant));
    multipart.values().removeIf(u -> u.tenant().equals(tenant));
    multipartParts.keySet().removeIf(k -> k.tenant().equals(tenant));
    resumable.values().removeIf(u -> u.tenant().equals(tenant));
    resumableParts.keySet().removeIf(k -> k.tenant().equals(tenant));
    assembled.keySet().removeIf(k -> k.tenant().equals(tenant));
    webhooks.values().removeIf(w -> w.tenant().equals(tenant));
    reservations.keySet().removeIf(k -> k.tenant().equals(tenant));
    deliveries.values().removeIf(d -> d.tenant().equals(tenant));
    inline.keySet().removeIf(k -> k.tenant().equals(tenant));
  }
}
