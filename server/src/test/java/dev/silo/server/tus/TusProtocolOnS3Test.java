package dev.silo.server.tus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.Api;
import dev.silo.server.it.OnS3;
import dev.silo.server.it.TenantBlobs;
import dev.silo.server.it.TestSilo;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link TusProtocolTest} unchanged on S3 (S3Proxy), and how the bytes are stored there: the
 * chunks go into the parts of one S3 multipart upload (8 MiB, the store's part size), and only
 * the bytes that do not fill a part yet are kept, as one blob, until the next chunk. With
 * encryption on (the default) each part is sealed as a unit of its own on its way in.
 */
@ExtendWith(OnS3.BucketPerTenant.class)
class TusProtocolOnS3Test extends TusProtocolTest {
  private static final int MiB = 1024 * 1024;

  @Test
  void chunksBecomePartsOfOneMultipartUploadAndOnlyTheTailIsKeptAsABlob() throws Exception {
    Api t = silo.tenant("tus-parts");
    Tus tus = new Tus(t);
    byte[] data = bytes(20 * MiB, 41);
    String loc = created(tus.create(data.length, Tus.meta("filename", "big.bin", "key", "tus/big.bin")));
    for (int at = 0; at < data.length; at += 3 * MiB) {
      int end = Math.min(data.length, at + 3 * MiB);
      assertThat(tus.patch(loc, at, Arrays.copyOfRange(data, at, end)).status()).isEqualTo(204);
      if (end < data.length) {
        TenantBlobs.S3View view = silo.s3View("tus-parts");
        assertThat(view.unfinished()).as("one multipart upload holds the full parts").hasSize(1);
        assertThat(view.objects()).as("after %d MiB, one blob is kept", end / MiB).hasSize(1);
        long stored = view.objects().getFirst().size();
        assertThat(TenantBlobs.sealedSize(stored, end % (8 * MiB), 1))
            .as("after %d MiB, the %d MiB past the last full part are the blob kept (%d bytes sealed)", end / MiB, end % (8 * MiB) / MiB, stored)
            .isTrue();
      }
    }
    assertThat(t.get("/v1/info/tus/big.bin").json().path("sha256").asText())
        .as("the stored object, read back, is byte-identical").isEqualTo(java.util.HexFormat.of().formatHex(sha256(data)));
    TenantBlobs.S3View done = silo.s3View("tus-parts");
    assertThat(done.unfinished()).as("completed, not left behind").isEmpty();
    assertThat(done.objects()).as("the object is the only blob: the tail was deleted").hasSize(1);
    assertThat(TenantBlobs.sealedSize(done.objects().getFirst().size(), data.length, 3)).as("three sealed parts").isTrue();
    assertThat(done.objects().getFirst().eTag()).as("assembled from 8 + 8 + 4 MiB parts").endsWith("-3\"");
  }

  /**
   * On S3 a final upload's object is assembled inside the backend: each partial upload's object
   * is copied in as one part (UploadPartCopy), so Silo writes none of its bytes again; partial
   * uploads too small to be parts (S3 wants 5 MiB but for the last) are streamed into the object.
   */
  @Test
  void aFinalUploadIsAssembledFromItsPartialUploadsInsideTheBackend() throws Exception {
    Api t = silo.tenant("tus-concat-s3");
    Tus tus = new Tus(t);
    byte[][] pieces = {bytes(6 * MiB, 43), bytes(6 * MiB, 44), bytes(MiB, 45)};
    List<String> partials = new java.util.ArrayList<>();
    java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
    for (byte[] piece : pieces) {
      partials.add(created(tus.createPartial(piece.length, piece)));
      whole.write(piece);
    }
    created(tus.createFinal(Tus.meta("filename", "c", "key", "tus/copied.bin"), partials.toArray(String[]::new)));
    assertThat(t.get("/v1/info/tus/copied.bin").json().path("sha256").asText()).isEqualTo(composite("SHA-256", pieces));
    assertThat(TusJsClient.sha256Of(silo.url() + "/v1/objects/tus/copied.bin", t.token()))
        .isEqualTo(java.util.HexFormat.of().formatHex(sha256(whole.toByteArray())));
    TenantBlobs.S3View view = silo.s3View("tus-concat-s3");
    assertThat(view.unfinished()).isEmpty();
    assertThat(view.objects()).as("the object alone: the partial uploads' objects were deleted").hasSize(1);
    assertThat(view.objects().getFirst().eTag()).as("one part per partial upload, copied").endsWith("-3\"");

    String small1 = created(tus.createPartial(MiB, bytes(MiB, 46)));
    String small2 = created(tus.createPartial(MiB, bytes(MiB, 47)));
    created(tus.createFinal(Tus.meta("filename", "s", "key", "tus/streamed.bin"), small1, small2));
    assertThat(t.get("/v1/info/tus/streamed.bin").json().path("size").asLong()).isEqualTo(2L * MiB);
    assertThat(silo.s3View("tus-concat-s3").objects()).hasSize(2);
  }

  @Test
  void terminatingAnUploadAbortsItsMultipartUpload() throws Exception {
    Api t = silo.tenant("tus-abort");
    Tus tus = new Tus(t);
    String loc = created(tus.create(12 * MiB, Tus.meta("filename", "big.bin", "key", "tus/gone.bin")));
    assertThat(tus.patch(loc, 0, bytes(9 * MiB, 42)).status()).isEqualTo(204);
    assertThat(silo.s3View("tus-abort").unfinished()).hasSize(1);
    assertThat(silo.s3View("tus-abort").objects()).hasSize(1);

    assertThat(tus.delete(loc).status()).isEqualTo(204);

    assertThat(silo.s3View("tus-abort").unfinished()).as("the multipart upload is aborted").isEmpty();
    assertThat(silo.awaitBlobs("tus-abort", 0)).as("the tail blob is deleted").isEmpty();
    assertThat(tus.head(loc).status()).isEqualTo(404);
  }

  @Test
  void anExpiredUploadHasItsMultipartUploadAbortedByTheSweeper() throws Exception {
    try (TestSilo expiring = TestSilo.start(dir.resolve("expiring-s3"), Map.of("SILO_TUS_EXPIRY", "2s", "SILO_SWEEP_INTERVAL", "1s"))) {
      Tus tus = new Tus(expiring.tenant("tus-expire-s3"));
      String loc = created(tus.create(12 * MiB, Tus.meta("filename", "big.bin", "key", "tus/expiring.bin")));
      assertThat(tus.patch(loc, 0, bytes(9 * MiB, 43)).status()).isEqualTo(204);
      assertThat(expiring.s3View("tus-expire-s3").unfinished()).hasSize(1);

      assertThat(expiring.awaitBlobs("tus-expire-s3", 0)).as("the tail blob is swept").isEmpty();
      assertThat(expiring.s3View("tus-expire-s3").unfinished()).as("the multipart upload is aborted").isEmpty();
      assertThat(tus.head(loc).status()).isEqualTo(404);
    }
  }

  /**
   * An upload begun by a Silo before assemblies (its row has no multipart upload; each chunk was an
   * object of its own) still takes chunks and completes after the upgrade: the fallback that
   * stores each chunk as a blob and streams them into the object at the end.
   */
  @Test
  void anUploadBegunBeforeAssembliesCompletesFromItsChunkBlobs() throws Exception {
    Api t = silo.tenant("tus-legacy");
    Tus tus = new Tus(t);
    byte[] data = bytes(3 * MiB, 44);
    String loc = created(tus.create(data.length, Tus.meta("filename", "old.bin", "key", "tus/legacy.bin")));
    String id = loc.substring(loc.lastIndexOf('/') + 1);
    try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + silo.dataDir().resolve("silo.db"));
        var forget = db.prepareStatement("UPDATE resumable_uploads SET assembly_id = NULL, partial_blob = NULL WHERE id = ?")) {
      forget.setString(1, id);
      assertThat(forget.executeUpdate()).isEqualTo(1);
    }
    assertThat(tus.patch(loc, 0, Arrays.copyOf(data, MiB)).status()).isEqualTo(204);
    assertThat(tus.patch(loc, MiB, Arrays.copyOfRange(data, MiB, 2 * MiB)).status()).isEqualTo(204);
    assertThat(silo.awaitBlobs("tus-legacy", 2)).as("one blob per chunk").hasSize(2);
    assertThat(tus.patch(loc, 2 * MiB, Arrays.copyOfRange(data, 2 * MiB, data.length)).status()).isEqualTo(204);
    assertThat(t.get("/v1/info/tus/legacy.bin").json().path("sha256").asText())
        .isEqualTo(java.util.HexFormat.of().formatHex(sha256(data)));
    assertThat(silo.awaitBlobs("tus-legacy", 1)).as("the chunk blobs are deleted once published").hasSize(1);
  }
}
