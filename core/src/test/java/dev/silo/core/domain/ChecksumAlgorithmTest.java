package dev.silo.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each checksum against the catalogue's check value (the digest of "123456789"), fed whole and in pieces. */
class ChecksumAlgorithmTest {
  private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

  private static String hex(ChecksumAlgorithm a, byte[] data) {
    ChecksumAlgorithm.Running r = a.start();
    r.update(data, 0, data.length);
    return HexFormat.of().formatHex(r.value());
  }

  @Test
  void eachGivesItsCheckValue() {
    assertThat(hex(ChecksumAlgorithm.CRC32, CHECK)).isEqualTo("cbf43926");
    assertThat(hex(ChecksumAlgorithm.CRC32C, CHECK)).isEqualTo("e3069283");
    assertThat(hex(ChecksumAlgorithm.CRC64NVME, CHECK)).isEqualTo("ae8b14860a799888");
    assertThat(hex(ChecksumAlgorithm.SHA1, CHECK)).isEqualTo("f7c3bc1d808e04732adf679965ccc34ca7ae3441");
    assertThat(hex(ChecksumAlgorithm.SHA256, CHECK)).isEqualTo("15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225");
  }

  @Test
  void theEightByteStepAgreesWithTheByteStepWhereverTheBufferSplits() {
    byte[] data = new byte[1000];
    new Random(7).nextBytes(data);
    String whole = hex(ChecksumAlgorithm.CRC64NVME, data);
    for (int split : new int[] {0, 1, 7, 8, 9, 13, 500, 999}) {
      ChecksumAlgorithm.Running r = ChecksumAlgorithm.CRC64NVME.start();
      r.update(data, 0, split);
      r.update(data, split, data.length - split);
      assertThat(HexFormat.of().formatHex(r.value())).as("split at " + split).isEqualTo(whole);
    }
    ChecksumAlgorithm.Running bytes = ChecksumAlgorithm.CRC64NVME.start();
    for (int i = 0; i < data.length; i++) {
      bytes.update(data, i, 1);
    }
    assertThat(HexFormat.of().formatHex(bytes.value())).isEqualTo(whole);
  }

  @Test
  void crcsOfConsecutiveStretchesCombineIntoTheCrcOfTheWhole() {
    byte[] data = new byte[70_000];
    new Random(11).nextBytes(data);
    for (ChecksumAlgorithm a : List.of(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32C, ChecksumAlgorithm.CRC64NVME)) {
      byte[] whole = a.of(data);
      for (int split : new int[] {0, 1, 8, 4096, 65_537, data.length}) {
        byte[] first = a.of(Arrays.copyOfRange(data, 0, split));
        byte[] second = a.of(Arrays.copyOfRange(data, split, data.length));
        assertThat(HexFormat.of().formatHex(a.combine(first, second, data.length - split)))
            .as(a + " split at " + split).isEqualTo(HexFormat.of().formatHex(whole));
      }
    }
    assertThatThrownBy(() -> ChecksumAlgorithm.SHA256.combine(new byte[32], new byte[32], 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theHeaderNamesTheAlgorithm() {
    assertThat(ChecksumAlgorithm.ofHeader("x-amz-checksum-crc64nvme")).contains(ChecksumAlgorithm.CRC64NVME);
    assertThat(ChecksumAlgorithm.ofHeader("X-Amz-Checksum-CRC32C")).contains(ChecksumAlgorithm.CRC32C);
    assertThat(ChecksumAlgorithm.ofHeader("x-amz-checksum-md5")).isEmpty();
  }
}
