package dev.silo.server.encryption;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The stored layout of an encrypted blob: one or more units, each a Tink ciphertext followed by a
 * 32-byte trailer (magic {@code SILOENC1}, key version, ciphertext length, plaintext length). A
 * blob the store composed of parts, or a TUS upload's chunks, is their units one after the other;
 * the trailers are read from the end to find them, so no unit needs to know its length before it
 * is written (uploads stream). A blob whose end is not a trailer is plain text.
 */
record Units(List<Unit> units, long storedSize) {
  static final int TRAILER = 32;
  static final byte[] MAGIC = "SILOENC1".getBytes(StandardCharsets.US_ASCII);

  /** One independently encrypted stream: where its ciphertext starts, its lengths, its key version. */
  record Unit(long start, long ciphertext, long plaintext, int keyVersion, long plainStart) {}

  static byte[] trailer(int keyVersion, long ciphertext, long plaintext) {
    return ByteBuffer.allocate(TRAILER).put(MAGIC).putInt(keyVersion).putInt(0).putLong(ciphertext).putLong(plaintext).array();
  }

  long plaintextSize() {
    return units.isEmpty() ? 0 : units.getLast().plainStart() + units.getLast().plaintext();
  }

  int oldestKeyVersion() {
    return units.stream().mapToInt(Unit::keyVersion).min().orElse(0);
  }

  /** The layout, or null when the blob is plain text. */
  static Units of(BlobStore store, StorageSpace space, BlobName name, long size) throws IOException {
    long end = size;
    List<long[]> found = new ArrayList<>();
    while (end > 0) {
      if (end < TRAILER) {
        return damaged(found, name);
      }
      ByteBuffer t = ByteBuffer.wrap(readFully(store, space, name, end - TRAILER, TRAILER));
      byte[] magic = new byte[MAGIC.length];
      t.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        return damaged(found, name);
      }
      int version = t.getInt();
      t.getInt();
      long ciphertext = t.getLong();
      long plaintext = t.getLong();
      long start = end - TRAILER - ciphertext;
      if (version < 1 || ciphertext < 0 || plaintext < 0 || start < 0) {
        return damaged(found, name);
      }
      found.add(new long[] {start, ciphertext, plaintext, version});
      end = start;
    }
    if (found.isEmpty()) {
      return null; // an empty blob: plain text (an encrypted one has at least a header, a tag and a trailer)
    }
    Collections.reverse(found);
    List<Unit> units = new ArrayList<>(found.size());
    long plain = 0;
    for (long[] f : found) {
      units.add(new Unit(f[0], f[1], f[2], (int) f[3], plain));
      plain += f[2];
    }
    return new Units(List.copyOf(units), size);
  }

  /** No trailer at the very end: plain text. A missing trailer further in: the framing is damaged. */
  private static Units damaged(List<long[]> found, BlobName name) throws IOException {
    if (found.isEmpty()) {
      return null;
    }
    throw new IOException("the encrypted blob " + name.value() + " has damaged framing");
  }

  static byte[] readFully(BlobStore store, StorageSpace space, BlobName name, long from, int length) throws IOException {
    try (InputStream in = store.read(space, name, new ByteRange(from, from + length - 1))) {
      byte[] bytes = in.readNBytes(length);
      if (bytes.length != length) {
        throw new IOException("the blob " + name.value() + " ended early");
      }
      return bytes;
    }
  }
}
