package dev.silo.testkit.memory;

import dev.silo.core.audit.Journal;
import dev.silo.core.auth.Authenticator;
import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.domain.Usage;
import dev.silo.core.object.BlobReaper;
import dev.silo.core.signing.SigningKeys;
import dev.silo.core.signing.UrlSigner;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.TenantTx;
import dev.silo.core.support.IdGenerator;
import dev.silo.core.tenant.TenancyLayout;
import dev.silo.core.tenant.TenantService;
import dev.silo.core.tenant.TenantSpec;
import dev.silo.core.write.WritePipeline;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Core's services wired as the server wires them, over the in-memory metadata store and a blob
 * store of the test's choice, with a fixed clock: the write pipeline's tests in milliseconds.
 * {@link #pipeline()} can be called again for a second "node" over the same stores.
 */
final class MemoryWorld implements AutoCloseable {
  private static final String OPERATOR_TOKEN = "operator-token-for-memory-tests";

  final Clock clock = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);
  final MemoryMetadataStore metadata = new MemoryMetadataStore();
  final BlobStore blobs;
  final IdGenerator ids = IdGenerator.secure();
  final TenancyLayout layout = new TenancyLayout.SharedPrefix("silo-memory-shared");
  final BlobReaper reaper;
  final UrlSigner signer = new UrlSigner(new SigningKeys(new byte[32], List.of()), clock);
  private final TenantService tenants;
  private final Authenticator auth;
  private final RequestContext operator;

  MemoryWorld(BlobStore blobs) {
    this.blobs = blobs;
    this.reaper = new BlobReaper(metadata, blobs, clock);
    this.tenants = new TenantService(metadata, blobs, layout, ids, clock);
    this.auth = new Authenticator(metadata, signer, OPERATOR_TOKEN, clock);
    this.operator = auth.bearer(OPERATOR_TOKEN, "req-op", "test");
  }

  /** A fresh pipeline over the shared stores, as another node (or a restarted one) has. */
  WritePipeline pipeline() {
    return WritePipeline.over(metadata, blobs, layout, reaper, new Journal(ids), ids, clock);
  }

  RequestContext tenant(String slug, Limits limits) {
    tenants.create(operator, new TenantSpec(new TenantSlug(slug), slug, limits, null));
    return auth.actAs(operator, new TenantSlug(slug));
  }

  StorageSpace space(String slug) {
    Tenant t = metadata.global(tx -> tx.tenants().findBySlug(new TenantSlug(slug))).orElseThrow();
    return layout.spaceOf(t);
  }

  Usage usage(RequestContext ctx) {
    return metadata.inTenant(ctx.tenant(), (TenantTx tx) -> tx.tenant().usage());
  }

  long pending(RequestContext ctx) {
    return metadata.inTenant(ctx.tenant(), (TenantTx tx) -> tx.tenant().pendingBytes());
  }

  /** A write that a quota may refuse: true if it was admitted. */
  @FunctionalInterface
  interface Attempt {
    boolean tryIt(int i) throws Exception;
  }

  /** Runs {@code writers} attempts at once, released together; returns how many were admitted. */
  static long race(int writers, Attempt attempt) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try (var pool = Executors.newFixedThreadPool(writers)) {
      for (int i = 0; i < writers; i++) {
        int n = i;
        results.add(pool.submit(() -> {
          start.await();
          return attempt.tryIt(n);
        }));
      }
      start.countDown();
      long admitted = 0;
      for (var r : results) {
        admitted += r.get(1, TimeUnit.MINUTES) ? 1 : 0;
      }
      return admitted;
    }
  }

  @Override
  public void close() throws Exception {
    metadata.close();
    blobs.close();
  }
}
