package dev.silo.server;

import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.Tenant;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.support.CountingInputStream;
import dev.silo.core.tenant.TenancyLayout;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Copies the blobs of ready objects from one {@link BlobStore} to another under the same names,
 * one stream at a time, and proves each copy: the bytes read from the source and the bytes read
 * back from the target must both have the size and SHA-256 the metadata records. Each proven
 * blob is appended (and synced) to a progress file, so an interrupted run resumes where it
 * stopped and never copies a proven blob twice. The metadata store is only read; inline objects
 * ({@link dev.silo.core.domain.BlobName#inline()}) are rows of it, so there is nothing to copy.
 */
final class BlobMigration {
  /**
   * What a run did. {@code objects} counts the objects with a blob; {@code inline} those kept in the
   * metadata store, which need no copy. {@code limited}: it stopped at {@code --limit} with work left.
   */
  record Report(
      int tenants, long objects, long inline, long copied, long alreadyDone, long failed, long bytes, boolean limited) {}

  /** Where each object goes; a line per problem. */
  interface Log {
    void problem(String line);
  }

  private static final int PAGE = 500;

  private final MetadataStore metadata;
  private final BlobStore source;
  private final TenancyLayout sourceLayout;
  private final BlobStore target;
  private final TenancyLayout targetLayout;
  private final Path progressFile;
  private final Log log;

  BlobMigration(
      MetadataStore metadata, BlobStore source, TenancyLayout sourceLayout, BlobStore target,
      TenancyLayout targetLayout, Path progressFile, Log log) {
    this.metadata = metadata;
    this.source = source;
    this.sourceLayout = sourceLayout;
    this.target = target;
    this.targetLayout = targetLayout;
    this.progressFile = progressFile;
    this.log = log;
  }

  /** Migrates {@code tenants}, copying at most {@code limit} blobs (no limit when negative). */
  Report run(List<Tenant> tenants, long limit) throws IOException {
    Set<String> done = readProgress();
    long objects = 0;
    long inline = 0;
    long copied = 0;
    long skipped = 0;
    long failed = 0;
    long bytes = 0;
    try (BufferedWriter progress =
        Files.newBufferedWriter(progressFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      for (Tenant tenant : tenants) {
        StorageSpace from = sourceLayout.spaceOf(tenant);
        StorageSpace to = targetLayout.spaceOf(tenant);
        target.provision(to);
        List<BucketName> buckets = metadata.inTenant(tenant.id(), tx -> tx.buckets().list()).stream().map(b -> b.name()).toList();
        for (BucketName bucket : buckets) {
          String after = "";
          while (true) {
            String from0 = after;
            List<ObjectInfo> page = metadata.inTenant(tenant.id(), tx -> tx.objects().scan(bucket, from0, false, PAGE));
            for (ObjectInfo o : page) {
              if (o.blob() == null) {
                continue;
              }
              if (o.blob().inline()) {
                inline++; // its bytes are a row of the metadata store, which stays where it is
                continue;
              }
              objects++;
              String entry = tenant.id().value() + "\t" + o.blob().value();
              if (done.contains(entry)) {
                skipped++;
                continue;
              }
              if (limit >= 0 && copied >= limit) {
                return new Report(tenants.size(), objects, inline, copied, skipped, failed, bytes, true);
              }
              String problem = copy(from, to, o);
              if (problem != null) {
                failed++;
                log.problem(tenant.slug().value() + " " + bucket.value() + "/" + o.key().value() + ": " + problem);
                continue;
              }
              progress.write(entry);
              progress.newLine();
              progress.flush();
              copied++;
              bytes += o.size();
            }
            if (page.size() < PAGE) {
              break;
            }
            after = page.get(page.size() - 1).key().value();
          }
        }
      }
    }
    return new Report(tenants.size(), objects, inline, copied, skipped, failed, bytes, false);
  }

  /** Copies and proves one blob; the problem, or null. A copy that fails its proof is deleted. */
  private String copy(StorageSpace from, StorageSpace to, ObjectInfo o) {
    try {
      Digest read;
      try (InputStream in = source.read(from, o.blob(), null)) {
        read = new Digest(in);
        target.write(to, o.blob(), read);
      }
      String problem = mismatch("source", read, o);
      if (problem == null) {
        try (InputStream back = target.read(to, o.blob(), null)) {
          Digest readBack = new Digest(back);
          byte[] buffer = new byte[64 * 1024];
          while (readBack.read(buffer, 0, buffer.length) >= 0) {
            // hashing as it goes
          }
          problem = mismatch("target", readBack, o);
        }
      }
      if (problem != null) {
        target.delete(to, o.blob());
      }
      return problem;
    } catch (IOException | RuntimeException e) {
      return "copy failed: " + e;
    }
  }

  private static String mismatch(String side, Digest d, ObjectInfo o) {
    if (o.facts().encrypted()) {
      // ciphertext is copied as it is: its stored size is the check (its SHA-256 is the plain text's)
      long stored = o.facts().seal().storedSize();
      return d.count() == stored ? null : side + " has " + d.count() + " bytes, the metadata says " + stored + " stored";
    }
    if (d.count() != o.size()) {
      return side + " has " + d.count() + " bytes, the metadata says " + o.size();
    }
    String sha = d.hex();
    // an S3 multipart object's checksum is composite (of its parts', "hex-N"): its size is the check
    boolean composite = o.sha256() != null && o.sha256().contains("-");
    if (o.sha256() != null && !composite && !o.sha256().equalsIgnoreCase(sha)) {
      return side + " SHA-256 is " + sha + ", the metadata says " + o.sha256();
    }
    return null;
  }

  private Set<String> readProgress() throws IOException {
    Set<String> done = new HashSet<>();
    if (Files.exists(progressFile)) {
      // a line cut short by a crash matches no entry and is simply copied again
      done.addAll(Files.readAllLines(progressFile, StandardCharsets.UTF_8));
    }
    return done;
  }

  /** Counts and hashes what passes through. */
  private static final class Digest extends CountingInputStream {
    Digest(InputStream in) {
      super(new DigestInputStream(in, sha256()));
    }

    String hex() {
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    }

    private static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
