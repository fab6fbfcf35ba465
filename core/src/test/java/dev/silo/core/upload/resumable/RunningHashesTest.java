package dev.silo.core.upload.resumable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The running hashes of a TUS upload by OpenSSL ({@link NativeHashes}) and by BouncyCastle ({@link
 * JavaHashes}) save the same state for the same bytes, carry on from each other's saved states,
 * and end in the JDK's SHA-256 and MD5 of the whole.
 */
class RunningHashesTest {
  private static final SplittableRandom RANDOM = new SplittableRandom(7);

  @Test
  void openSslIsUsedWhereItIsInstalled() {
    // CI's Debian has libcrypto.so.3 (package libssl3, which openssl and curl bring): the fast path is the one tested
    assertThat(NativeHashes.available()).as("libcrypto.so.3 bound and checked").isTrue();
    assertThat(RunningHashes.start()).isInstanceOf(NativeHashes.class);
  }

  @Test
  void bothSaveTheSameStateAfterEveryUpdateWhateverItsSize() throws Exception {
    byte[] data = bytes(5 * 1024 * 1024 + 17);
    NativeHashes fast = NativeHashes.start();
    JavaHashes java = JavaHashes.start();
    int at = 0;
    // odd sizes: partial words and blocks carried between updates; one larger than a native call takes
    for (int n : new int[] {0, 1, 2, 3, 5, 63, 64, 65, 127, 1000, 4096, 3 * 1024 * 1024 + 1}) {
      fast.update(data, at, n);
      java.update(data, at, n);
      at += n;
      assertThat(fast.encoded()).as("after %d bytes", at).isEqualTo(java.encoded());
    }
    fast.update(data, at, data.length - at);
    java.update(data, at, data.length - at);
    assertThat(fast.sha256Hex()).isEqualTo(java.sha256Hex()).isEqualTo(jdk("SHA-256", data));
    assertThat(fast.md5Hex()).isEqualTo(java.md5Hex()).isEqualTo(jdk("MD5", data));
  }

  @Test
  void eachCarriesOnFromTheOthersSavedStateAsANodeTakesTheNextChunk() throws Exception {
    byte[] data = bytes(200_003);
    for (int round = 0; round < 20; round++) {
      RunningHashes h = RANDOM.nextBoolean() ? NativeHashes.start() : JavaHashes.start();
      int at = 0;
      while (at < data.length) {
        int n = Math.min(data.length - at, RANDOM.nextInt(1, 40_000));
        h.update(data, at, n);
        at += n;
        Function<String, RunningHashes> next = RANDOM.nextBoolean() ? NativeHashes::restore : JavaHashes::restore;
        h = next.apply(h.encoded());
      }
      assertThat(h.sha256Hex()).isEqualTo(jdk("SHA-256", data));
      assertThat(h.md5Hex()).isEqualTo(jdk("MD5", data));
    }
  }

  @Test
  void aDigestLeavesTheStateAsItWas() throws Exception {
    byte[] data = bytes(1000);
    RunningHashes h = NativeHashes.start();
    h.update(data, 0, 500);
    String saved = h.encoded();
    h.sha256Hex();
    h.md5Hex();
    assertThat(h.encoded()).isEqualTo(saved);
    h.update(data, 500, 500);
    assertThat(h.sha256Hex()).isEqualTo(jdk("SHA-256", data));
  }

  @Test
  void aTextThatIsNotASavedStateIsRefusedByBoth() {
    String good = NativeHashes.start().encoded();
    RunningHashes after100 = NativeHashes.start();
    after100.update(bytes(100), 0, 100);
    String[] parts = after100.encoded().split("\\.");
    String otherCount = parts[0] + "." + NativeHashes.start().encoded().split("\\.")[1];
    for (String bad : new String[] {"", "abc", "a.b", good.substring(0, 20) + "." + good.split("\\.")[1], otherCount}) {
      assertThatThrownBy(() -> NativeHashes.restore(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
      if (!bad.equals(otherCount)) { // BouncyCastle reads each digest on its own and cannot tell
        assertThatThrownBy(() -> JavaHashes.restore(bad)).as(bad).isInstanceOf(RuntimeException.class);
      }
    }
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static String jdk(String algorithm, byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
  }
}
