package dev.silo.server.encryption;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;
import com.google.crypto.tink.subtle.StreamSegmentDecrypter;
import com.google.crypto.tink.subtle.StreamSegmentEncrypter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One version of a tenant's data key as Tink's {@code StreamingAead} (AES-256-GCM-HKDF): blobs are
 * encrypted in 64 KiB segments, each authenticated, so a range decrypts only the segments it
 * touches. The segment size is part of the stored format: changing it needs a new format.
 */
record TenantCipher(int version, StreamingAead aead) {
  static final int SEGMENT = 64 * 1024;

  /**
   * Platform threads that start encryptions. Tink draws each new stream's salt and nonce prefix
   * from a SecureRandom it keeps per thread, and a request runs on a virtual thread of its own, so
   * every encryption made a new one, probing the class path for Conscrypt (a failed class load) on
   * the way: 6 % of a small encrypted PUT's CPU. These threads keep theirs.
   */
  private static final ExecutorService STARTERS =
      Executors.newFixedThreadPool(
          Math.max(2, Runtime.getRuntime().availableProcessors()),
          Thread.ofPlatform().name("silo-encrypt-start-", 0).daemon().factory());

  /** {@code start} (which makes a Tink encrypter or encrypting stream) on a thread that keeps Tink's random source. */
  static <T> T started(Callable<T> start) throws GeneralSecurityException, IOException {
    Future<T> made = STARTERS.submit(start);
    try {
      return made.get();
    } catch (InterruptedException e) {
      made.cancel(true);
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while starting an encryption");
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case GeneralSecurityException g -> throw g;
        case IOException io -> throw io;
        case RuntimeException r -> throw r;
        case Error err -> throw err;
        default -> throw new GeneralSecurityException("encryption could not start", e.getCause());
      }
    }
  }

  static TenantCipher of(int version, byte[] dataKey) throws GeneralSecurityException {
    AesGcmHkdfStreamingParameters parameters =
        AesGcmHkdfStreamingParameters.builder()
            .setKeySizeBytes(32)
            .setDerivedAesGcmKeySizeBytes(32)
            .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
            .setCiphertextSegmentSizeBytes(SEGMENT)
            .build();
    AesGcmHkdfStreamingKey key =
        AesGcmHkdfStreamingKey.create(parameters, SecretBytes.copyFrom(dataKey, InsecureSecretKeyAccess.get()));
    return new TenantCipher(version, AesGcmHkdfStreaming.create(key));
  }

  /** The bytes a unit of {@code plaintext} bytes takes in the store: Tink's header, segments and tags, and the trailer. */
  long storedSize(long plaintext) {
    return ((AesGcmHkdfStreaming) aead).expectedCiphertextSize(plaintext) + Units.TRAILER;
  }

  /**
   * {@code plain} sealed whole, in exactly the format of Tink's encrypting stream (header, then the
   * segments, the last one marked), built from Tink's own segment encrypter with buffers of the
   * exact size. Small objects are sealed and opened on every write and read: the stream costs two
   * 64 KiB buffers each time, which was most of the cost of encrypting a 4 KiB object.
   */
  byte[] sealWhole(byte[] plain, byte[] associatedData) throws GeneralSecurityException, IOException {
    AesGcmHkdfStreaming streaming = (AesGcmHkdfStreaming) aead;
    StreamSegmentEncrypter encrypter = TenantCipher.<StreamSegmentEncrypter>started(() -> streaming.newStreamSegmentEncrypter(associatedData));
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(streaming.expectedCiphertextSize(plain.length)));
    out.put(encrypter.getHeader());
    int capacity = streaming.getPlaintextSegmentSize() - streaming.getCiphertextOffset();
    int at = 0;
    // As the stream does: a segment is closed as not-last only when more plain text follows it.
    while (plain.length - at > capacity) {
      encrypter.encryptSegment(ByteBuffer.wrap(plain, at, capacity), false, out);
      at += capacity;
      capacity = streaming.getPlaintextSegmentSize();
    }
    encrypter.encryptSegment(ByteBuffer.wrap(plain, at, plain.length - at), true, out);
    if (out.hasRemaining()) {
      throw new GeneralSecurityException("sealed size differs from the expected ciphertext size");
    }
    return out.array();
  }

  /** The plain text of {@code length} bytes at {@code offset} sealed by {@link #sealWhole} or Tink's stream. */
  byte[] openWhole(byte[] sealed, int offset, int length, byte[] associatedData) throws GeneralSecurityException {
    AesGcmHkdfStreaming streaming = (AesGcmHkdfStreaming) aead;
    int segmentSize = streaming.getCiphertextSegmentSize();
    int tag = segmentSize - streaming.getPlaintextSegmentSize();
    if (length < streaming.getCiphertextOffset() + tag) {
      throw new GeneralSecurityException("ciphertext too short");
    }
    StreamSegmentDecrypter decrypter = streaming.newStreamSegmentDecrypter();
    decrypter.init(ByteBuffer.wrap(sealed, offset, streaming.getHeaderLength()).slice(), associatedData);
    ByteBuffer plain = ByteBuffer.allocate(length);
    int at = offset + streaming.getCiphertextOffset();
    int end = offset + length;
    int segment = segmentSize - streaming.getCiphertextOffset();
    for (int number = 0; ; number++) {
      boolean last = end - at <= segment;
      int size = last ? end - at : segment;
      if (size < tag) {
        throw new GeneralSecurityException("ciphertext truncated");
      }
      decrypter.decryptSegment(ByteBuffer.wrap(sealed, at, size), number, last, plain);
      at += size;
      segment = segmentSize;
      if (last) {
        return java.util.Arrays.copyOf(plain.array(), plain.position());
      }
    }
  }
}
