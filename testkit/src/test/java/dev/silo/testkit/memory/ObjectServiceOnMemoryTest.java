package dev.silo.testkit.memory;

import dev.silo.core.domain.ListingFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.audit.Journal;
import dev.silo.core.auth.Authenticator;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.Usage;
import dev.silo.core.error.NotFoundException;
import dev.silo.core.error.PayloadTooLargeException;
import dev.silo.core.inline.InlineBlobs;
import dev.silo.core.inline.InlineCodec;
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
import dev.silo.core.tenant.TenantService;
import dev.silo.core.tenant.TenantSpec;
import dev.silo.core.write.WritePipeline;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The write path's object service, wired as the server wires it, over the in-memory stores: the
 * same rules as on SQLite and the filesystem, in milliseconds. (Core's own tests cannot use the
 * testkit, which depends on core, so these live here.)
 */
class ObjectServiceOnMemoryTest {
  private static final String OPERATOR_TOKEN = "operator-token-for-memory-tests";

  private final Clock clock = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);
  private final MemoryMetadataStore metadata = new MemoryMetadataStore();
  private final MemoryBlobStore blobs = new MemoryBlobStore();
  private final IdGenerator ids = IdGenerator.secure();
  private final TenancyLayout layout = new TenancyLayout.SharedPrefix("silo-memory-shared");
  private final BlobReaper reaper = new BlobReaper(metadata, blobs, clock);
  // every object a blob: these tests count the blobs a write leaves (InlineObjectsOnMemoryTest: inline ones)
  private final ObjectService objects =
      new ObjectService(
          WritePipeline.over(metadata, blobs, layout, reaper, new Journal(ids), ids, clock, new InlineBlobs(0, InlineCodec.PLAIN)));
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
  void putGetListAndDeleteAnObject() throws IOException {
    RequestContext acme = tenant("acme", Limits.DEFAULT);

    var put = objects.put(acme, request("docs/a.txt", 5L), body("hello"));
    assertThat(put.created()).isTrue();
    assertThat(objects.put(acme, request("docs/a.txt", 7L), body("goodbye")).created()).isFalse();

    assertThat(read(acme, "docs/a.txt")).isEqualTo("goodbye");
    assertThat(objects.info(acme, null, new ObjectKey("docs/a.txt")).size()).isEqualTo(7);
    objects.put(acme, request("docs/b.txt", 1L), body("b"));
    assertThat(objects.list(acme, null, "docs/", null, null, 10, ListingFields.FULL).items())
        .extracting(o -> o.key().value())
        .containsExactly("docs/a.txt", "docs/b.txt");
    assertThat(usage(acme)).isEqualTo(new Usage(8, 2));

    objects.delete(acme, null, new ObjectKey("docs/a.txt"), Conditions.NONE);
    assertThatThrownBy(() -> objects.info(acme, null, new ObjectKey("docs/a.txt")))
        .isInstanceOf(NotFoundException.class);
    assertThat(usage(acme)).isEqualTo(new Usage(1, 1));
    reaper.sweep(100);
    assertThat(blobs.count(space("acme"))).as("replaced and deleted blobs are reaped").isEqualTo(1);
  }

  @Test
  void aPutOverTheQuotaIsRefusedAndLeavesNothingBehind() throws IOException {
    RequestContext small = tenant("small", new Limits(10L, null, null, 1, List.of()));
    objects.put(small, request("fits.bin", 8L), body("12345678"));

    assertThatThrownBy(() -> objects.put(small, request("declared.bin", 5L), body("12345")))
        .isInstanceOf(PayloadTooLargeException.class);
    assertThatThrownBy(() -> objects.put(small, request("chunked.bin", null), body("12345")))
        .as("a body of unknown length is cut off while it streams")
        .isInstanceOf(PayloadTooLargeException.class);

    assertThat(usage(small)).isEqualTo(new Usage(8, 1));
    assertThat(objects.list(small, null, "", null, null, 10, ListingFields.FULL).items()).extracting(o -> o.key().value())
        .containsExactly("fits.bin");
    reaper.sweep(100);
    assertThat(blobs.count(space("small"))).isEqualTo(1);
    assertThat(read(small, "fits.bin")).isEqualTo("12345678");
  }

  @Test
  void twentyParallelPutsNeverTogetherExceedTheQuota() throws Exception {
    RequestContext tight = tenant("tight", new Limits(50L, null, null, 1, List.of()));
    int writers = 20;
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(writers)) {
      for (int i = 0; i < writers; i++) {
        String key = "k" + i;
        results.add(pool.submit(() -> {
          start.await();
          try {
            objects.put(tight, request(key, 10L), body("0123456789"));
            return true;
          } catch (PayloadTooLargeException refused) {
            return false;
          }
        }));
      }
      start.countDown();
      long admitted = 0;
      for (var r : results) {
        admitted += r.get(1, java.util.concurrent.TimeUnit.MINUTES) ? 1 : 0;
      }
      assertThat(admitted).isEqualTo(5);
    }
    assertThat(usage(tight)).isEqualTo(new Usage(50, 5));
    reaper.sweep(100);
    assertThat(blobs.count(space("tight"))).as("refused uploads' blobs are gone").isEqualTo(5);
  }

  @Test
  void anotherTenantsObjectDoesNotExistForMe() throws IOException {
    RequestContext a = tenant("tenant-a", Limits.DEFAULT);
    RequestContext b = tenant("tenant-b", Limits.DEFAULT);
    ObjectInfo mine = objects.put(a, request("secret.txt", 6L), body("secret")).object();

    assertThatThrownBy(() -> objects.info(b, null, new ObjectKey("secret.txt"))).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> objects.byId(b, mine.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> objects.delete(b, null, new ObjectKey("secret.txt"), Conditions.NONE))
        .isInstanceOf(NotFoundException.class);
    assertThat(objects.list(b, null, "", null, null, 10, ListingFields.FULL).items()).isEmpty();

    objects.put(b, request("secret.txt", 5L), body("other"));
    assertThat(read(a, "secret.txt")).isEqualTo("secret");
    assertThat(read(b, "secret.txt")).isEqualTo("other");
    assertThat(objects.byId(a, mine.id())).isEqualTo(objects.info(a, null, new ObjectKey("secret.txt")));
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
    return new PutRequest(null, new ObjectKey(key), "text/plain", length, null, null, Map.of(), null);
  }

  private static InputStream body(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private String read(RequestContext ctx, String key) throws IOException {
    var result = (ReadResult.Content) objects.read(ctx, null, new ObjectKey(key), null, Conditions.NONE, true);
    try (InputStream in = result.body()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
