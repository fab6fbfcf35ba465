package dev.silo.core.upload.resumable;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.CryptoServicePurpose;

/**
 * The saved form of {@link RunningHashes}, BouncyCastle's encoded state of each digest, read and
 * written without BouncyCastle's digests so that {@link NativeHashes} saves what {@link
 * JavaHashes} restores and the other way round. A digest's state is its chaining words, the number
 * of bytes hashed and the partial block not yet hashed ({@link Midstate}). BouncyCastle lays it
 * out as: the bytes of the partial word (4), how many of them there are (int), the byte count
 * (long), the chaining words, the number of whole words of the partial block, those words, and the
 * purpose's ordinal (one byte); ints and longs big-endian, the words of the block read from the
 * input big-endian for SHA-256 and little-endian for MD5.
 */
final class SavedState {
  private static final int BLOCK = 64;
  private static final byte PURPOSE = (byte) CryptoServicePurpose.ANY.ordinal();

  private SavedState() {}

  /** The two digests of an algorithm's state: how many chaining words, how a block's words are read. */
  enum Digest {
    SHA256(8, true),
    MD5(4, false);

    final int chainWords;
    final boolean bigEndianWords;

    Digest(int chainWords, boolean bigEndianWords) {
      this.chainWords = chainWords;
      this.bigEndianWords = bigEndianWords;
    }
  }

  /** A digest's state between two blocks: its chaining words, the bytes it has taken, the partial block. */
  record Midstate(int[] chain, long count, byte[] pending) {
    Midstate {
      if (count < 0 || pending.length != (int) (count % BLOCK)) {
        throw new IllegalArgumentException("not a saved hash state");
      }
    }
  }

  static String join(byte[] sha256, byte[] md5) {
    Base64.Encoder b64 = Base64.getEncoder();
    return b64.encodeToString(sha256) + "." + b64.encodeToString(md5);
  }

  /** The SHA-256 and the MD5 state of a saved text; throws {@link IllegalArgumentException} if it is not one. */
  static byte[][] split(String encoded) {
    int dot = encoded.indexOf('.');
    if (dot < 0) {
      throw new IllegalArgumentException("not a saved hash state");
    }
    Base64.Decoder b64 = Base64.getDecoder();
    return new byte[][] {b64.decode(encoded.substring(0, dot)), b64.decode(encoded.substring(dot + 1))};
  }

  static Midstate read(Digest digest, byte[] state) {
    ByteBuffer in = ByteBuffer.wrap(state); // big-endian
    int header = 16 + digest.chainWords * 4 + 4;
    if (state.length < header + 1) {
      throw new IllegalArgumentException("not a saved hash state");
    }
    byte[] partialWord = Arrays.copyOf(state, 4);
    int partialBytes = in.getInt(4);
    long count = in.getLong(8);
    int[] chain = new int[digest.chainWords];
    for (int i = 0; i < chain.length; i++) {
      chain[i] = in.getInt(16 + i * 4);
    }
    int words = in.getInt(header - 4);
    if (partialBytes < 0 || partialBytes > 3 || words < 0 || words > 15 || state.length != header + words * 4 + 1) {
      throw new IllegalArgumentException("not a saved hash state");
    }
    byte[] pending = new byte[words * 4 + partialBytes];
    for (int i = 0; i < words; i++) {
      wordBytes(digest, in.getInt(header + i * 4), pending, i * 4);
    }
    System.arraycopy(partialWord, 0, pending, words * 4, partialBytes);
    return new Midstate(chain, count, pending);
  }

  static byte[] write(Digest digest, Midstate m) {
    int words = m.pending().length / 4;
    int partialBytes = m.pending().length % 4;
    int header = 16 + digest.chainWords * 4 + 4;
    ByteBuffer out = ByteBuffer.allocate(header + words * 4 + 1);
    out.put(0, m.pending(), words * 4, partialBytes);
    out.putInt(4, partialBytes);
    out.putLong(8, m.count());
    for (int i = 0; i < digest.chainWords; i++) {
      out.putInt(16 + i * 4, m.chain()[i]);
    }
    out.putInt(header - 4, words);
    for (int i = 0; i < words; i++) {
      out.putInt(header + i * 4, word(digest, m.pending(), i * 4));
    }
    out.put(header + words * 4, PURPOSE);
    return out.array();
  }

  /** The word BouncyCastle made of four input bytes. */
  private static int word(Digest digest, byte[] b, int at) {
    int be = (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
    return digest.bigEndianWords ? be : Integer.reverseBytes(be);
  }

  /** The four input bytes BouncyCastle made {@code word} of. */
  private static void wordBytes(Digest digest, int word, byte[] out, int at) {
    int be = digest.bigEndianWords ? word : Integer.reverseBytes(word);
    out[at] = (byte) (be >>> 24);
    out[at + 1] = (byte) (be >>> 16);
    out[at + 2] = (byte) (be >>> 8);
    out[at + 3] = (byte) be;
  }
}
