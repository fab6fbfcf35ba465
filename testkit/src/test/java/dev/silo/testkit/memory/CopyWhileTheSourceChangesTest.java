package dev.silo.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.audit.Journal;
import dev.silo.core.auth.Authenticator;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.TenantStatus;
import dev.silo.core.domain.Versioning;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.multipart.MultipartService;
import dev.silo.core.multipart.UploadedPart;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.object.Conditions;
import dev.silo.core.object.ObjectService;
import dev.silo.core.object.PutRequest;
import dev.silo.core.object.ReadResult;
import dev.silo.core.signing.SigningKeys;
import dev.silo.core.signing.UrlSigner;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.support.IdGenerator;
import dev.silo.core.tenant.TenancyLayout;
import dev.silo.core.version.VersionService;
import dev.silo.core.write.WritePipeline;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A copy (CopyObject, UploadPartCopy) reads its source, then shares the source's blob in a later
 * transaction. When the source was overwritten in between, the copy cannot share: it gets the bytes
 * it read, read again while the store still has them (a version kept them), or is refused with
 * nothing changed when they are gone. Driven through the services, since over HTTP the gap is too
 * short to hit on purpose.
 */
class CopyWhileTheSourceChangesTest {
  private static final int MIB = 1024 * 1024;

  private final IdGenerator ids = IdGenerator.secure();
  private final Clock clock = Clock.systemUTC();
  private MemoryMetadataStore metadata;
  private ObjectService objects;
  private MultipartService multipart;
  private VersionService versions;
  private RequestContext acme;
  private final BucketName bucket = new BucketName("acme");

  @BeforeEach
  void open() throws Exception {
    metadata = new MemoryMetadataStore();
    MemoryBlobStore blobs = new MemoryBlobStore();
    TenancyLayout layout = new TenancyLayout.SharedPrefix("silo-copy");
    WritePipeline pipe =
        WritePipeline.over(metadata, blobs, layout, new BlobReaper(metadata, blobs, clock), new Journal(ids), ids, clock);
    objects = new ObjectService(pipe);
    multipart = new MultipartService(pipe);
    versions = new VersionService(pipe);
    Tenant t = new Tenant(ids.tenantId(), new TenantSlug("acme"), "acme", TenantStatus.ACTIVE, Limits.DEFAULT, clock.instant(), clock.instant());
    blobs.provision(layout.spaceOf(t));
    metadata.global(tx -> {
      tx.tenants().insert(t);
      return null;
    });
    metadata.inTenant(t.id(), tx -> {
      tx.buckets().insert(bucket, clock.instant());
      return null;
    });
    Authenticator auth = new Authenticator(metadata, new UrlSigner(new SigningKeys(new byte[32], List.of()), clock), "operator", clock);
    acme = auth.system(t.id(), "copy-test");
  }

  private static byte[] random(int size, int seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private void put(String key, byte[] data) {
    objects.put(acme, new PutRequest(bucket, new ObjectKey(key), "application/octet-stream", (long) data.length, null, null, Map.of(), null),
        new ByteArrayInputStream(data));
  }

  private ReadResult.Content read(String key) {
    return (ReadResult.Content) objects.read(acme, bucket, new ObjectKey(key), null, Conditions.NONE, true);
  }

  private byte[] bytes(String key) throws Exception {
    try (InputStream in = read(key).body()) {
      return in.readAllBytes();
    }
  }

  private List<UploadedPart> parts(String key, String upload) {
    return multipart.parts(acme, bucket, new ObjectKey(key), upload, 0, 100);
  }

  /** A part copied from {@code source} as read before it was overwritten with {@code newer}. */
  private String copyPartOfAStaleSource(String upload, byte[] newer) throws Exception {
    ReadResult.Content source = read("source.bin");
    put("source.bin", newer);
    try (InputStream body = source.body()) {
      return multipart.copyPart(acme, bucket, new ObjectKey("copy.bin"), upload, 1, bucket, source.object(), 0, body, source.length()).md5();
    }
  }

  @Test
  void aPartOfASourceOverwrittenSinceItWasReadHasTheBytesReadIfAVersionKeptThem() throws Exception {
    versions.configure(acme, bucket, Versioning.ENABLED, false, null);
    byte[] old = random(MIB, 1);
    put("source.bin", old);
    String upload = multipart.initiate(acme, bucket, new ObjectKey("copy.bin"), null, Map.of(), null, null, null, null).uploadId();

    String etag = copyPartOfAStaleSource(upload, random(MIB, 2));

    assertThat(parts("copy.bin", upload)).singleElement().satisfies(p -> assertThat(p.slice()).as("bytes of its own").isFalse());
    multipart.complete(acme, bucket, new ObjectKey("copy.bin"), upload, List.of(new MultipartService.PartRef(1, etag)), Conditions.NONE, null);
    assertThat(bytes("copy.bin")).isEqualTo(old);
  }

  @Test
  void aPartOfASourceWhoseBytesAreGoneIsRefusedAndChangesNothing() throws Exception {
    put("source.bin", random(MIB, 3));
    String upload = multipart.initiate(acme, bucket, new ObjectKey("copy.bin"), null, Map.of(), null, null, null, null).uploadId();

    assertThatThrownBy(() -> copyPartOfAStaleSource(upload, random(MIB, 4)))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("copy it again");

    assertThat(parts("copy.bin", upload)).isEmpty();
    assertThat(metadata.inTenant(acme.tenant(), (TenantTx tx) -> tx.tenant().reserved(upload))).isZero();
  }

  @Test
  void aCopyOfAMultipartSourceOverwrittenSinceItWasReadHasTheBytesRead() throws Exception {
    versions.configure(acme, bucket, Versioning.ENABLED, false, null);
    byte[] part1 = random(5 * MIB, 5);
    byte[] part2 = random(1000, 6);
    String upload = multipart.initiate(acme, bucket, new ObjectKey("source.bin"), null, Map.of(), null, null, null, null).uploadId();
    String e1 = multipart.uploadPart(acme, bucket, new ObjectKey("source.bin"), upload, 1, new ByteArrayInputStream(part1), (long) part1.length).md5();
    String e2 = multipart.uploadPart(acme, bucket, new ObjectKey("source.bin"), upload, 2, new ByteArrayInputStream(part2), (long) part2.length).md5();
    multipart.complete(acme, bucket, new ObjectKey("source.bin"), upload,
        List.of(new MultipartService.PartRef(1, e1), new MultipartService.PartRef(2, e2)), Conditions.NONE, null);
    ReadResult.Content source = read("source.bin");
    put("source.bin", random(100_000, 7));

    try (InputStream body = source.body()) {
      objects.copy(acme, new PutRequest(bucket, new ObjectKey("copy.bin"), null, null, null, null, Map.of(), null), bucket,
          source.object(), body);
    }

    byte[] both = new byte[part1.length + part2.length];
    System.arraycopy(part1, 0, both, 0, part1.length);
    System.arraycopy(part2, 0, both, part1.length, part2.length);
    assertThat(bytes("copy.bin")).isEqualTo(both);
    assertThat(read("copy.bin").object().etag()).doesNotContain("-");
  }
}
