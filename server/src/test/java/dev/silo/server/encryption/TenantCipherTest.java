package dev.silo.server.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole-value sealing is Tink's streaming format, not a second one: what the segment path seals the
 * stream opens and the other way round, at the sizes around the first and second segment
 * boundaries (the first segment holds 40 bytes fewer: the header), and a changed byte, a cut or
 * other associated data is refused. Encryptions start on a platform thread ({@link
 * TenantCipher#started}).
 */
class TenantCipherTest {
  private static final byte[] AD = "silo-inline:t1".getBytes(StandardCharsets.UTF_8);
  private static final int FIRST = TenantCipher.SEGMENT - 16 - 40;

  private final TenantCipher cipher = cipher();

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4096, FIRST - 1, FIRST, FIRST + 1, FIRST + TenantCipher.SEGMENT - 16, FIRST + TenantCipher.SEGMENT - 15, 200_000})
  void sealsAsTheStreamDoesAndOpensWhatTheStreamSealed(int size) throws Exception {
    byte[] plain = new byte[size];
    new Random(size).nextBytes(plain);

    byte[] sealed = cipher.sealWhole(plain, AD);
    assertEquals(cipher.storedSize(size) - Units.TRAILER, sealed.length);
    assertArrayEquals(plain, streamOpen(sealed), "the stream opens what the segment path sealed");

    byte[] streamed = streamSeal(plain);
    assertArrayEquals(plain, cipher.openWhole(streamed, 0, streamed.length, AD), "the segment path opens the stream's");
    byte[] framed = new byte[streamed.length + 7];
    System.arraycopy(streamed, 0, framed, 3, streamed.length);
    assertArrayEquals(plain, cipher.openWhole(framed, 3, streamed.length, AD), "at an offset in a larger row");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4096, FIRST + 1, 200_000})
  void refusesATamperedOrCutValueOrOtherAssociatedData(int size) throws Exception {
    byte[] plain = new byte[size];
    new Random(size).nextBytes(plain);
    byte[] sealed = cipher.sealWhole(plain, AD);

    byte[] flipped = sealed.clone();
    flipped[sealed.length / 2] ^= 1;
    assertThrows(GeneralSecurityException.class, () -> cipher.openWhole(flipped, 0, flipped.length, AD));
    assertThrows(GeneralSecurityException.class, () -> cipher.openWhole(sealed, 0, sealed.length - 1, AD));
    assertThrows(GeneralSecurityException.class, () -> cipher.openWhole(sealed, 0, 20, AD));
    assertThrows(
        GeneralSecurityException.class,
        () -> cipher.openWhole(sealed, 0, sealed.length, "silo-inline:t2".getBytes(StandardCharsets.UTF_8)));
    if (size > FIRST) { // a whole segment dropped from the end: the new last one was sealed as not last
      int kept = FIRST + 16 + 40;
      assertThrows(GeneralSecurityException.class, () -> cipher.openWhole(sealed, 0, kept, AD));
    }
  }

  @org.junit.jupiter.api.Test
  void encryptionsStartOnAPlatformThreadAndTheirFailuresComeBackAsTheyWere() throws Exception {
    boolean[] virtual = new boolean[2];
    Thread request = Thread.ofVirtual().start(() -> {
      try {
        virtual[0] = Thread.currentThread().isVirtual();
        virtual[1] = TenantCipher.started(() -> Thread.currentThread().isVirtual());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    request.join();
    assertEquals(true, virtual[0]);
    assertEquals(false, virtual[1], "started on a thread that keeps Tink's random source");

    GeneralSecurityException refused = new GeneralSecurityException("no key");
    assertEquals(refused, assertThrows(GeneralSecurityException.class, () -> TenantCipher.started(() -> {
      throw refused;
    })));
    java.io.IOException failed = new java.io.IOException("disk");
    assertEquals(failed, assertThrows(java.io.IOException.class, () -> TenantCipher.started(() -> {
      throw failed;
    })));
  }

  private byte[] streamSeal(byte[] plain) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream encrypting = cipher.aead().newEncryptingStream(out, AD)) {
      encrypting.write(plain);
    }
    return out.toByteArray();
  }

  private byte[] streamOpen(byte[] sealed) throws Exception {
    try (InputStream in = cipher.aead().newDecryptingStream(new ByteArrayInputStream(sealed), AD)) {
      return in.readAllBytes();
    }
  }

  private static TenantCipher cipher() {
    byte[] key = new byte[32];
    new Random(7).nextBytes(key);
    try {
      return TenantCipher.of(1, key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
