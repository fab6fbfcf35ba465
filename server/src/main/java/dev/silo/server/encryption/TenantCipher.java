package dev.silo.server.encryption;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;
import java.security.GeneralSecurityException;

/**
 * One version of a tenant's data key as Tink's {@code StreamingAead} (AES-256-GCM-HKDF): blobs are
 * encrypted in 64 KiB segments, each authenticated, so a range decrypts only the segments it
 * touches. The segment size is part of the stored format: changing it needs a new format.
 */
record TenantCipher(int version, StreamingAead aead) {
  static final int SEGMENT = 64 * 1024;

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
}
