package dev.silo.server;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.BlobSeal;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.Tenant;
import dev.silo.core.inline.InlineBlobs;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.support.IdGenerator;
import dev.silo.core.tenant.TenancyLayout;
import dev.silo.server.encryption.KeyRing;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * Rewrites the blobs of a tenant's objects that are plain text or sealed with an older key
 * version under its newest key: each object's bytes are read (decrypted), written to a new blob
 * (encrypted) with an intent row first, read back and proven against the size and SHA-256 the
 * metadata records, and only then is the object switched to the new blob, in a transaction that
 * checks it still has the old one; the old blob is deleted after. An object already at the newest
 * key is skipped, so an interrupted run resumes where it stopped. A small object kept inline is
 * sealed again into a row of its own, switched to in the transaction that deletes the old row.
 */
final class Reencryption {
  record Report(long objects, long rewritten, long current, long failed) {}

  interface Log {
    void problem(String line);
  }

  private static final int PAGE = 500;

  private final MetadataStore metadata;
  private final BlobStore blobs;
  private final InlineBlobs inline;
  private final TenancyLayout layout;
  private final KeyRing keys;
  private final IdGenerator ids;
  private final Clock clock;
  private final Log log;

  Reencryption(
      MetadataStore metadata, BlobStore blobs, InlineBlobs inline, TenancyLayout layout, KeyRing keys, IdGenerator ids,
      Clock clock, Log log) {
    this.metadata = metadata;
    this.blobs = blobs;
    this.inline = inline;
    this.layout = layout;
    this.keys = keys;
    this.ids = ids;
    this.clock = clock;
    this.log = log;
  }

  Report run(List<Tenant> tenants) throws IOException {
    long objects = 0;
    long rewritten = 0;
    long current = 0;
    long failed = 0;
    for (Tenant tenant : tenants) {
      StorageSpace space = layout.spaceOf(tenant);
      int newest = Math.max(keys.currentVersion(tenant.id()), 1);
      List<BucketName> buckets = metadata.inTenant(tenant.id(), tx -> tx.buckets().list()).stream().map(b -> b.name()).toList();
      for (BucketName bucket : buckets) {
        String after = "";
        while (true) {
          String from = after;
          List<ObjectInfo> page = metadata.inTenant(tenant.id(), tx -> tx.objects().scan(bucket, from, false, PAGE));
          for (ObjectInfo o : page) {
            if (o.blob() == null) {
              continue;
            }
            objects++;
            if (o.facts().encrypted() && o.facts().seal().keyVersion() >= newest) {
              current++;
              continue;
            }
            String problem = o.blob().inline() ? rewriteInline(tenant, o) : rewrite(tenant, space, o);
            if (problem == null) {
              rewritten++;
            } else {
              failed++;
              log.problem(tenant.slug().value() + " " + bucket.value() + "/" + o.key().value() + ": " + problem);
            }
          }
          if (page.size() < PAGE) {
            break;
          }
          after = page.get(page.size() - 1).key().value();
        }
      }
    }
    return new Report(objects, rewritten, current, failed);
  }

  /**
   * Seals an inline object's bytes again under the newest key, proven against the recorded size
   * and SHA-256, into a new row that replaces the old one in one transaction; the problem, or null.
   */
  private String rewriteInline(Tenant tenant, ObjectInfo o) {
    try {
      byte[] stored = metadata.inTenant(tenant.id(), tx -> inline.stored(tx, o.blob())).orElse(null);
      if (stored == null) {
        return null; // overwritten or deleted meanwhile
      }
      byte[] plain = inline.open(tenant.id(), stored);
      MessageDigest sha = sha256();
      String problem = check("read", plain.length, HexFormat.of().formatHex(sha.digest(plain)), o);
      if (problem != null) {
        return problem;
      }
      byte[] sealed = inline.seal(tenant.id(), plain);
      if (!java.util.Arrays.equals(inline.open(tenant.id(), sealed), plain)) {
        return "read back: the sealed bytes do not open to the object's";
      }
      BlobName fresh = ids.inlineBlobName();
      metadata.inTenant(tenant.id(), tx -> {
        ObjectInfo now = tx.objects().find(o.id()).orElse(null);
        if (now == null || !o.blob().equals(now.blob())) {
          return null; // overwritten or deleted meanwhile: leave it
        }
        inline.store(tx, fresh, sealed);
        tx.objects().update(switched(now, inline.sealOf(sealed), fresh));
        tx.inline().delete(o.blob());
        return null;
      });
      return null;
    } catch (RuntimeException e) {
      return "rewrite failed: " + e.getMessage();
    }
  }

  private static ObjectInfo switched(ObjectInfo now, BlobSeal seal, BlobName fresh) {
    return new ObjectInfo(
        now.id(), now.bucket(), now.key(), now.size(), now.contentType(), now.etag(), now.sha256(), now.status(),
        now.acl(), now.folder(), now.metadata(), now.headers(), now.facts().sealed(seal), fresh, now.createdAt(),
        now.updatedAt(), now.version(), now.tags(), now.lock());
  }

  /** Rewrites and proves one object's blob, then switches the object to it; the problem, or null. */
  private String rewrite(Tenant tenant, StorageSpace space, ObjectInfo o) {
    BlobName fresh = ids.blobName();
    long intent =
        metadata.inTenant(tenant.id(), tx -> tx.cleanup().schedule(space, fresh, clock.instant().plus(java.time.Duration.ofHours(24))));
    try {
      String written;
      try (InputStream in = blobs.read(space, o.blob(), null)) {
        DigestInputStream digest = new DigestInputStream(in, sha256());
        long size = blobs.write(space, fresh, digest);
        written = check("read", size, HexFormat.of().formatHex(digest.getMessageDigest().digest()), o);
      }
      if (written == null) {
        try (InputStream back = blobs.read(space, fresh, null)) {
          DigestInputStream digest = new DigestInputStream(back, sha256());
          long size = digest.transferTo(java.io.OutputStream.nullOutputStream());
          written = check("read back", size, HexFormat.of().formatHex(digest.getMessageDigest().digest()), o);
        }
      }
      BlobSeal seal = blobs.seal(space, fresh);
      enum Outcome { LEFT, SWITCHED, SWITCHED_SHARED }
      Outcome outcome =
          written != null
              ? Outcome.LEFT
              : metadata.inTenant(tenant.id(), tx -> {
                ObjectInfo now = tx.objects().find(o.id()).orElse(null);
                if (now == null || !o.blob().equals(now.blob())) {
                  return Outcome.LEFT; // overwritten or deleted meanwhile: leave it
                }
                tx.objects().update(switched(now, seal, fresh));
                tx.cleanup().cancel(fresh);
                // a version restored over the object shares its blob: the blob stays for it
                return tx.versions().releaseBlob(o.blob()) ? Outcome.SWITCHED_SHARED : Outcome.SWITCHED;
              });
      if (outcome == Outcome.LEFT) {
        blobs.delete(space, fresh);
        metadata.inTenant(tenant.id(), tx -> {
          tx.cleanup().cancel(fresh);
          return null;
        });
        return written;
      }
      if (outcome == Outcome.SWITCHED) {
        blobs.delete(space, o.blob());
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return "rewrite failed: " + e.getMessage() + " (intent " + intent + " left for the sweeper)";
    }
  }

  private static String check(String side, long size, String sha, ObjectInfo o) {
    if (size != o.size()) {
      return side + " " + size + " bytes, the metadata says " + o.size();
    }
    boolean composite = o.sha256() != null && o.sha256().contains("-");
    if (o.sha256() != null && !composite && !o.sha256().equalsIgnoreCase(sha)) {
      return side + " SHA-256 " + sha + ", the metadata says " + o.sha256();
    }
    return null;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
