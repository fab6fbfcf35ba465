package dev.silo.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.error.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An object's checksum: the kinds S3 allows, the values derived from parts, the stored form. */
class ChecksumTest {
  private static byte[] random(int size, int seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void aKindIsWhatS3Allows() {
    assertThat(Checksum.Kind.of("crc32", null)).isEqualTo(new Checksum.Kind(ChecksumAlgorithm.CRC32, Checksum.Type.COMPOSITE));
    assertThat(Checksum.Kind.of("CRC64NVME", null).type()).isEqualTo(Checksum.Type.FULL_OBJECT);
    assertThat(Checksum.Kind.of("CRC32C", "full_object").type()).isEqualTo(Checksum.Type.FULL_OBJECT);
    assertThatThrownBy(() -> Checksum.Kind.of("SHA256", "FULL_OBJECT")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Checksum.Kind.of("CRC64NVME", "COMPOSITE")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Checksum.Kind.of("MD5", null)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Checksum.Kind.of("CRC32", "PARTIAL")).isInstanceOf(InvalidInputException.class);
    Checksum.Kind k = Checksum.Kind.of("SHA1", null);
    assertThat(Checksum.Kind.decode(Checksum.Kind.encode(k))).isEqualTo(k);
    assertThat(Checksum.Kind.decode(null)).isNull();
  }

  @Test
  void partsGiveACompositeOrTheWholeObjectsCrc() {
    byte[] p1 = random(1000, 1);
    byte[] p2 = random(37, 2);
    List<Checksum> parts = List.of(
        Checksum.full(ChecksumAlgorithm.CRC32C, ChecksumAlgorithm.CRC32C.of(p1)),
        Checksum.full(ChecksumAlgorithm.CRC32C, ChecksumAlgorithm.CRC32C.of(p2)));
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(p1);
    all.writeBytes(p2);

    Checksum full = Checksum.ofParts(new Checksum.Kind(ChecksumAlgorithm.CRC32C, Checksum.Type.FULL_OBJECT), parts, List.of(1000L, 37L));
    assertThat(full.bytes()).isEqualTo(ChecksumAlgorithm.CRC32C.of(all.toByteArray()));
    assertThat(full.type()).isEqualTo(Checksum.Type.FULL_OBJECT);

    Checksum composite = Checksum.ofParts(new Checksum.Kind(ChecksumAlgorithm.CRC32C, Checksum.Type.COMPOSITE), parts, List.of(1000L, 37L));
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    raw.writeBytes(parts.get(0).bytes());
    raw.writeBytes(parts.get(1).bytes());
    assertThat(composite.value()).isEqualTo(Base64.getEncoder().encodeToString(ChecksumAlgorithm.CRC32C.of(raw.toByteArray())) + "-2");
    assertThat(composite.bytes()).isEqualTo(ChecksumAlgorithm.CRC32C.of(raw.toByteArray()));

    // both keep the parts' checksums, each answered as the checksum of its part's bytes
    for (Checksum derived : List.of(full, composite)) {
      assertThat(derived.part(2)).hasValue(parts.get(1));
      assertThat(derived.part(3)).isEmpty();
      assertThat(derived.withoutParts().parts()).isEmpty();
      assertThat(derived.withoutParts().value()).isEqualTo(derived.value());
    }
    assertThat(parts.get(0).part(1)).as("a checksum of bytes stored whole has no parts").isEmpty();
  }

  @Test
  void theStoredFormReadsBackAndBadValuesAreRefused() {
    Checksum c = Checksum.full(ChecksumAlgorithm.SHA256, ChecksumAlgorithm.SHA256.of(new byte[3]));
    assertThat(Checksum.decode(Checksum.encode(c))).isEqualTo(c);
    Checksum composite = new Checksum(ChecksumAlgorithm.CRC32, Checksum.Type.COMPOSITE, "AAAAAA==-3");
    assertThat(Checksum.decode(Checksum.encode(composite))).isEqualTo(composite);
    Checksum withParts = new Checksum(ChecksumAlgorithm.CRC32, Checksum.Type.COMPOSITE, "AAAAAA==-2", List.of("AAAAAQ==", "AAAAAg=="));
    assertThat(Checksum.decode(Checksum.encode(withParts))).isEqualTo(withParts);
    assertThatThrownBy(() -> new Checksum(ChecksumAlgorithm.CRC32, Checksum.Type.COMPOSITE, "AAAAAA==-1", List.of("AAAA")))
        .as("a part's value of another length").isInstanceOf(IllegalArgumentException.class);
    assertThat(Checksum.decode(null)).isNull();
    assertThatThrownBy(() -> new Checksum(ChecksumAlgorithm.CRC32, Checksum.Type.FULL_OBJECT, "AAAAAA==-3"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Checksum(ChecksumAlgorithm.CRC32, Checksum.Type.FULL_OBJECT, "AAAA"))
        .as("three bytes").isInstanceOf(IllegalArgumentException.class);
    assertThat(Checksum.decoded(ChecksumAlgorithm.CRC64NVME, "not base64!")).isNull();
  }
}
