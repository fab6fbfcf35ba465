package dev.silo.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.audit.Journal;
import dev.silo.core.auth.Authenticator;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.Usage;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.PayloadTooLargeException;
import dev.silo.core.inline.InlineBlobs;
import dev.silo.core.inline.InlineCodec;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.object.Conditions;
import dev.silo.core.object.ObjectService;
import dev.silo.core.object.PutRequest;
import dev.silo.core.object.RangeRequest;
import dev.silo.core.object.ReadResult;
import dev.silo.core.signing.SigningKeys;
import dev.silo.core.signing.UrlSigner;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.support.IdGenerator;
import dev.silo.core.tenant.TenancyLayout;
import dev.silo.core.tenant.TenantService;
import dev.silo.core.tenant.TenantSpec;
import dev.silo.core.write.WritePipeline;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Small objects kept in the metadata store ({@link InlineBlobs}), through the object service as
 * the server wires it, over the in-memory stores: which bodies go inline, that their bytes, hashes
 * and ranges are the same as a blob's, that replacing and deleting them leaves nothing behind,
 * and that the bytes pass through the {@link InlineCodec} seam both ways. A 16-byte limit keeps
 * the bodies small; the server tests use the real default.
 */
class InlineObjectsOnMemoryTest {
  private static final String OPERATOR_TOKEN = "operator-token-for-memory-tests";
  private static final int MAX = 16;

  private final Clock clock = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);
  private final MemoryMetadataStore metadata = new MemoryMetadataStore();
  private final MemoryBlobStore blobs = new MemoryBlobStore();
  private final IdGenerator ids = IdGenerator.secure();
  private final TenancyLayout layout = new TenancyLayout.SharedPrefix("silo-memory-shared");
  private final BlobReaper reaper = new BlobReaper(metadata, blobs, clock);
  /** Reverses the bytes: what is stored is not the plaintext, and only open() gets it back. */
  private final InlineCodec reversing =
      new InlineCodec() {
        @Override
        public byte[] seal(TenantId tenant, byte[] plain) {
          return reversed(plain);
        }

        @Override
        public byte[] open(TenantId tenant, byte[] stored) {
          return reversed(stored);
        }
      };
  private final ObjectService objects = service(new InlineBlobs(MAX, reversing));
  private final TenantService tenants = new TenantService(metadata, blobs, layout, ids, clock);
  private final Authenticator auth =
      new Authenticator(metadata, new UrlSigner(new SigningKeys(new byte[32], List.of()), clock), OPERATOR_TOKEN, clock);
  private final RequestContext operator = auth.bearer(OPERATOR_TOKEN, "req-op", "test");

  @AfterEach
  void close() {
    metadata.close();
    blobs.close();
  }

  @Test
  void aBodyWithinTheLimitIsARowOfTheMetadataStoreWithTheHashesAndRangesOfABlob() throws Exception {
    RequestContext acme = tenant("acme", Limits.DEFAULT);
    byte[] body = bytes(MAX);

    ObjectInfo put = objects.put(acme, request("small.bin", (long) MAX), new ByteArrayInputStream(body)).object();

    assertThat(put.blob().inline()).isTrue();
    assertThat(blobs.count(space("acme"))).as("no blob file").isZero();
    assertThat(put.size()).isEqualTo(MAX);
    assertThat(put.etag()).isEqualTo(hex("MD5", body));
    assertThat(put.sha256()).isEqualTo(hex("SHA-256", body));
    assertThat(stored(acme, put.blob())).as("stored through the codec").contains(reversed(body));
    assertThat(read(acme, "small.bin", null)).isEqualTo(body);
    assertThat(read(acme, "small.bin", new RangeRequest(3L, 6L, null))).isEqualTo(Arrays.copyOfRange(body, 3, 7));
    assertThat(read(acme, "small.bin", new RangeRequest(null, null, 2L))).isEqualTo(Arrays.copyOfRange(body, MAX - 2, MAX));
    assertThat(usage(acme)).isEqualTo(new Usage(MAX, 1));

    ObjectInfo empty = objects.put(acme, request("empty.bin", 0L), new ByteArrayInputStream(new byte[0])).object();
    assertThat(empty.blob().inline()).isTrue();
    assertThat(read(acme, "empty.bin", null)).isEmpty();
  }

  @Test
  void aBodyOneByteOverTheLimitGoesOnToTheBlobStoreHashedOnce() throws Exception {
    RequestContext acme = tenant("acme", Limits.DEFAULT);
    byte[] body = bytes(MAX + 1);

    // unknown length: the first MAX + 1 bytes are read before it is known not to fit
    ObjectInfo chunked = objects.put(acme, request("chunked.bin", null), new ByteArrayInputStream(body)).object();
    ObjectInfo declared = objects.put(acme, request("declared.bin", (long) body.length), new ByteArrayInputStream(body)).object();

    for (ObjectInfo o : List.of(chunked, declared)) {
      assertThat(o.blob().inline()).isFalse();
      assertThat(o.etag()).isEqualTo(hex("MD5", body));
      assertThat(o.sha256()).isEqualTo(hex("SHA-256", body));
      assertThat(read(acme, o.key().value(), null)).isEqualTo(body);
    }
    assertThat(blobs.count(space("acme"))).isEqualTo(2);
  }

  @Test
  void replacingAndDeletingAnInlineObjectDeletesItsRowInTheSameTransaction() throws Exception {
    RequestContext acme = tenant("acme", Limits.DEFAULT);
    ObjectInfo first = objects.put(acme, request("k", 5L), new ByteArrayInputStream(bytes(5))).object();
    ObjectInfo second = objects.put(acme, request("k", 6L), new ByteArrayInputStream(bytes(6))).object();
    assertThat(stored(acme, first.blob())).as("an overwrite drops the old row").isEmpty();
    assertThat(stored(acme, second.blob())).isPresent();

    byte[] big = bytes(MAX * 2);
    ObjectInfo third = objects.put(acme, request("k", (long) big.length), new ByteArrayInputStream(big)).object();
    assertThat(stored(acme, second.blob())).as("replaced by a blob").isEmpty();
    assertThat(blobs.count(space("acme"))).isEqualTo(1);

    ObjectInfo fourth = objects.put(acme, request("k", 3L), new ByteArrayInputStream(bytes(3))).object();
    reaper.sweep(100);
    assertThat(blobs.count(space("acme"))).as("a blob replaced by an inline object is reaped").isZero();
    assertThat(third.blob().inline()).isFalse();

    objects.delete(acme, null, new ObjectKey("k"), Conditions.NONE);
    assertThat(stored(acme, fourth.blob())).isEmpty();
    assertThat(usage(acme)).isEqualTo(Usage.ZERO);
    assertThat(metadata.snapshot().cleanup).as("nothing left for the sweeper").isEmpty();
  }

  @Test
  void anInlineWriteOverTheQuotaOrShorterThanDeclaredLeavesNoRow() throws Exception {
    RequestContext small = tenant("small", new Limits(10L, null, null, 1, List.of()));
    objects.put(small, request("fits", 8L), new ByteArrayInputStream(bytes(8)));

    assertThatThrownBy(() -> objects.put(small, request("over", null), new ByteArrayInputStream(bytes(5))))
        .isInstanceOf(PayloadTooLargeException.class);
    assertThatThrownBy(() -> objects.put(small, request("short", 2L), new ByteArrayInputStream(bytes(1))))
        .isInstanceOf(InvalidInputException.class);

    assertThat(usage(small)).isEqualTo(new Usage(8, 1));
    dev.silo.core.domain.BucketName bucket = bucketOf(small);
    assertThat(metadata.inTenant(small.tenant(), (TenantTx tx) -> tx.objects().count(bucket))).isEqualTo(1);
    assertThat(inlineRows()).isEqualTo(1);
  }

  @Test
  void deletingTheTenantDeletesItsInlineObjects() throws Exception {
    RequestContext doomed = tenant("doomed", Limits.DEFAULT);
    objects.put(doomed, request("a", 4L), new ByteArrayInputStream(bytes(4)));
    objects.put(doomed, request("b", 4L), new ByteArrayInputStream(bytes(4)));
    RequestContext kept = tenant("kept", Limits.DEFAULT);
    objects.put(kept, request("a", 4L), new ByteArrayInputStream(bytes(4)));
    assertThat(inlineRows()).isEqualTo(3);

    tenants.delete(operator, new TenantSlug("doomed"));

    assertThat(inlineRows()).isEqualTo(1);
  }

  @Test
  void forceDeletingABucketDeletesItsInlineObjects() throws Exception {
    RequestContext acme = tenant("acme", new Limits(null, null, null, 2, List.of()));
    var buckets = new dev.silo.core.bucket.BucketService(metadata, layout, reaper, new Journal(ids), clock, List.of());
    dev.silo.core.domain.BucketName photos = new dev.silo.core.domain.BucketName("photos");
    buckets.create(acme, photos);
    PutRequest inPhotos = new PutRequest(photos, new ObjectKey("a"), "application/octet-stream", 4L, null, null, Map.of(), null);
    objects.put(acme, inPhotos, new ByteArrayInputStream(bytes(4)));
    objects.put(acme, request("kept", 4L), new ByteArrayInputStream(bytes(4)));
    assertThat(inlineRows()).isEqualTo(2);

    buckets.delete(acme, photos, true);

    assertThat(inlineRows()).isEqualTo(1);
    assertThat(usage(acme)).isEqualTo(new Usage(4, 1));
  }

  @Test
  void withTheLimitAtZeroEveryObjectIsABlob() throws Exception {
    ObjectService off = service(new InlineBlobs(0, InlineCodec.PLAIN));
    RequestContext acme = tenant("acme", Limits.DEFAULT);
    ObjectInfo o = off.put(acme, request("tiny", 1L), new ByteArrayInputStream(new byte[] {7})).object();
    assertThat(o.blob().inline()).isFalse();
    assertThat(blobs.count(space("acme"))).isEqualTo(1);
    assertThat(inlineRows()).isZero();
  }

  // ---- helpers

  private ObjectService service(InlineBlobs inline) {
    return new ObjectService(WritePipeline.over(metadata, blobs, layout, reaper, new Journal(ids), ids, clock, inline));
  }

  /** Inline rows of every tenant. */
  private long inlineRows() {
    return metadata.snapshot().inline.size();
  }

  private dev.silo.core.domain.BucketName bucketOf(RequestContext ctx) {
    return metadata.inTenant(ctx.tenant(), (TenantTx tx) -> tx.buckets().list().getFirst().name());
  }

  private Optional<byte[]> stored(RequestContext ctx, BlobName name) {
    return metadata.inTenant(ctx.tenant(), (TenantTx tx) -> tx.inline().get(name));
  }

  private RequestContext tenant(String slug, Limits limits) {
    tenants.create(operator, new TenantSpec(new TenantSlug(slug), slug, limits, null));
    return auth.actAs(operator, new TenantSlug(slug));
  }

  private StorageSpace space(String slug) {
    Tenant t = metadata.global(tx -> tx.tenants().findBySlug(new TenantSlug(slug))).orElseThrow();
    return layout.spaceOf(t);
  }

  private Usage usage(RequestContext ctx) {
    return metadata.inTenant(ctx.tenant(), (TenantTx tx) -> tx.tenant().usage());
  }

  private static PutRequest request(String key, Long length) {
    return new PutRequest(null, new ObjectKey(key), "application/octet-stream", length, null, null, Map.of(), null);
  }

  private byte[] read(RequestContext ctx, String key, RangeRequest range) throws IOException {
    var result = (ReadResult.Content) objects.read(ctx, null, new ObjectKey(key), range, Conditions.NONE, true);
    try (InputStream in = result.body()) {
      return in.readAllBytes();
    }
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static byte[] reversed(byte[] b) {
    byte[] r = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      r[i] = b[b.length - 1 - i];
    }
    return r;
  }

  private static String hex(String algorithm, byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(b));
  }
}
