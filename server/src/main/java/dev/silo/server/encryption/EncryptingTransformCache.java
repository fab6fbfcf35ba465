package dev.silo.server.encryption;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import dev.silo.core.content.TransformCache;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The transform cache on disk holds only ciphertext: each entry is sealed with AES-256-GCM (Tink)
 * under a key derived from the master key, its address as associated data (an entry moved under
 * another address does not open). Entries are small, whole images, so they are sealed in memory.
 * An entry that does not open (a cache written before, or under another master key) is a miss.
 */
public final class EncryptingTransformCache implements TransformCache {
  private static final byte[] LABEL = "silo transform cache v1".getBytes(StandardCharsets.UTF_8);

  private final TransformCache delegate;
  private final Aead aead;

  public EncryptingTransformCache(TransformCache delegate, byte[] masterKey) {
    this.delegate = delegate;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
      this.aead = new AesGcmJce(mac.doFinal(LABEL));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  @Override
  public Optional<Entry> get(String address) {
    Optional<Entry> sealed = delegate.get(address);
    if (sealed.isEmpty()) {
      return sealed;
    }
    try (InputStream in = sealed.get().body()) {
      byte[] plain = aead.decrypt(in.readAllBytes(), address.getBytes(StandardCharsets.UTF_8));
      return Optional.of(new Entry(new ByteArrayInputStream(plain), plain.length));
    } catch (IOException | GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  @Override
  public void put(String address, byte[] bytes) {
    try {
      delegate.put(address, aead.encrypt(bytes, address.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      // not cached: the next request transforms again
    }
  }
}
