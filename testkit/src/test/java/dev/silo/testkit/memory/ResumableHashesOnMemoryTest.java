package dev.silo.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.Category;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.object.ObjectService;
import dev.silo.core.spi.AppendableBlobs;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.ComposableBlobs;
import dev.silo.core.spi.MultipartBlobs;
import dev.silo.core.upload.resumable.Creation;
import dev.silo.core.upload.resumable.ResumableUpload;
import dev.silo.core.upload.resumable.ResumableUploadService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A TUS upload's SHA-256 and MD5 are carried from chunk to chunk on its row: an upload resumed on
 * another node (or after a restart: a new service over the same stores) publishes the right
 * hashes and ETag without the object's blob being read, on a store that appends (the filesystem's
 * way) and on one that assembles parts (S3's way).
 */
class ResumableHashesOnMemoryTest {
  private static final int MiB = 1024 * 1024;

  @Test
  void anAppendedUploadResumedOnAnotherNodePublishesItsHashesWithoutReadingTheBlob() throws Exception {
    try (MemoryWorld world = new MemoryWorld(new CountingBlobs(new MemoryBlobStore(), Joins.APPENDS))) {
      resumeOnAnotherNode(world, (CountingBlobs) world.blobs, 3 * MiB + 11, MiB);
    }
  }

  @Test
  void anAssembledUploadResumedOnAnotherNodePublishesItsHashesWithoutReadingTheBlob() throws Exception {
    // 1 MiB parts: chunks of 1.5 MiB leave tails that the next chunk, on the other node, sends on
    try (MemoryWorld world = new MemoryWorld(new CountingBlobs(new MemoryBlobStore(MiB), Joins.ASSEMBLES))) {
      resumeOnAnotherNode(world, (CountingBlobs) world.blobs, 4 * MiB + 5, 3 * MiB / 2);
    }
  }

  @Test
  void anUploadOfChunkBlobsIsJoinedByTheStoreWithoutReadingAChunk() throws Exception {
    // the filesystem while encrypting: no appending, no assembly, but the store joins blobs
    try (MemoryWorld world = new MemoryWorld(new CountingBlobs(new MemoryBlobStore(), Joins.COMPOSES))) {
      resumeOnAnotherNode(world, (CountingBlobs) world.blobs, 3 * MiB + 11, MiB);
      assertThat(((CountingBlobs) world.blobs).totalReads()).as("the chunks were joined, not streamed").isEqualTo(1);
    }
  }

  private static void resumeOnAnotherNode(MemoryWorld world, CountingBlobs counting, int size, int chunk) throws Exception {
    RequestContext ctx = world.tenant("tus-hashes", Limits.DEFAULT);
    byte[] data = new byte[size];
    new Random(7).nextBytes(data);
    ResumableUploadService first = new ResumableUploadService(world.pipeline(), world.signer, null, null);
    ResumableUpload u = first.create(ctx, new Creation(
        null, new ObjectKey("tus/resumed.bin"), "resumed.bin", "application/octet-stream", Category.RAW, (long) size));
    int at = 0;
    boolean onFirst = true;
    while (at < size) {
      int end = Math.min(size, at + chunk);
      // every chunk on a node of its own: a new service over the same stores, as after a restart
      ResumableUploadService node = onFirst ? first : new ResumableUploadService(world.pipeline(), world.signer, null, null);
      u = node.patch(ctx, u.id(), at, null, (long) (end - at), null, new ByteArrayInputStream(Arrays.copyOfRange(data, at, end)));
      onFirst = false;
      at = end;
    }
    assertThat(u.completed()).isTrue();

    ObjectInfo o = new ObjectService(world.pipeline()).info(ctx, null, new ObjectKey("tus/resumed.bin"));
    assertThat(o.sha256()).isEqualTo(hex("SHA-256", data));
    assertThat(o.etag()).as("the ETag is the MD5 of the whole object").isEqualTo(hex("MD5", data));
    assertThat(o.size()).isEqualTo(size);
    assertThat(counting.reads(o.blob())).as("publication did not read the object's blob").isZero();
    try (InputStream in = world.blobs.read(world.space("tus-hashes"), o.blob(), null)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  private static String hex(String algorithm, byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
  }

  /** How the store under test joins a resumable upload's bytes. */
  enum Joins { APPENDS, ASSEMBLES, COMPOSES }

  /**
   * The memory store, counting reads per blob, offering one way of joining: appending (the
   * filesystem), assembling parts (S3), or composing blobs (the filesystem while encrypting).
   */
  static final class CountingBlobs implements BlobStore {
    private final MemoryBlobStore store;
    private final Joins joins;
    private final Map<String, AtomicLong> reads = new ConcurrentHashMap<>();

    CountingBlobs(MemoryBlobStore store, Joins joins) {
      this.store = store;
      this.joins = joins;
    }

    long totalReads() {
      return reads.values().stream().mapToLong(AtomicLong::get).sum();
    }

    long reads(BlobName name) {
      AtomicLong n = reads.get(name.value());
      return n == null ? 0 : n.get();
    }

    @Override
    public void provision(StorageSpace space) throws IOException {
      store.provision(space);
    }

    @Override
    public void destroy(StorageSpace space) throws IOException {
      store.destroy(space);
    }

    @Override
    public long write(StorageSpace space, BlobName name, InputStream in) throws IOException {
      return store.write(space, name, in);
    }

    @Override
    public InputStream read(StorageSpace space, BlobName name, ByteRange range) throws IOException {
      reads.computeIfAbsent(name.value(), k -> new AtomicLong()).incrementAndGet();
      return store.read(space, name, range);
    }

    @Override
    public OptionalLong size(StorageSpace space, BlobName name) throws IOException {
      return store.size(space, name);
    }

    @Override
    public void delete(StorageSpace space, BlobName name) throws IOException {
      store.delete(space, name);
    }

    @Override
    public void check() throws IOException {
      store.check();
    }

    @Override
    public Optional<AppendableBlobs> appendable() {
      return joins == Joins.APPENDS ? store.appendable() : Optional.empty();
    }

    @Override
    public Optional<MultipartBlobs> multipart() {
      return joins == Joins.ASSEMBLES ? store.multipart() : Optional.empty();
    }

    /** The backend joins the sources itself: its reads are not Silo's. */
    @Override
    public Optional<ComposableBlobs> composable() {
      if (joins != Joins.COMPOSES) {
        return Optional.empty();
      }
      return Optional.of((space, name, sources) -> {
        java.util.List<InputStream> parts = new java.util.ArrayList<>();
        for (BlobName source : sources) {
          parts.add(store.read(space, source, null));
        }
        return store.write(space, name, new java.io.SequenceInputStream(java.util.Collections.enumeration(parts)));
      });
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
