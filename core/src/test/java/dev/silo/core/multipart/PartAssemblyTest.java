package dev.silo.core.multipart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.core.domain.BlobName;
import dev.silo.core.support.Hashing;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checksums a composed multipart object gets from what its parts recorded. */
class PartAssemblyTest {
  @Test
  void theCompositeSha256IsTheSha256OfThePartDigestsWithTheirCount() {
    byte[] a = Hashing.sha256("first part");
    byte[] b = Hashing.sha256("second part");
    List<UploadedPart> parts = List.of(part(1, a), part(2, b));
    byte[] joined = new byte[64];
    System.arraycopy(a, 0, joined, 0, 32);
    System.arraycopy(b, 0, joined, 32, 32);
    assertThat(PartAssembly.compositeSha256(parts)).isEqualTo(HexFormat.of().formatHex(Hashing.sha256(joined)) + "-2");
    assertThat(PartAssembly.compositeSha256(List.of(part(2, b), part(1, a))))
        .as("order matters, as it does for the bytes").isNotEqualTo(PartAssembly.compositeSha256(parts));
  }

  @Test
  void theMultipartEtagIsTheMd5OfThePartMd5sWithTheirCount() throws Exception {
    String md5a = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest("x".getBytes(StandardCharsets.UTF_8)));
    UploadedPart p = new UploadedPart(1, 1, md5a, new BlobName("b" + "c".repeat(30)), Instant.EPOCH);
    String expected = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(HexFormat.of().parseHex(md5a)));
    assertThat(MultipartService.multipartEtag(List.of(p))).isEqualTo(expected + "-1");
  }

  private static UploadedPart part(int n, byte[] sha) {
    return new UploadedPart(n, 5, "00".repeat(16), HexFormat.of().formatHex(sha), new BlobName("b" + ("p" + n).repeat(12)), Instant.EPOCH);
  }
}
