package dev.silo.core.upload.resumable;

import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.MD5Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * The SHA-256 and MD5 of a resumable upload's committed bytes, carried from chunk to chunk: saved
 * on the upload's row in the transaction that moves the offset ({@link #encoded()}), restored by
 * whichever node takes the next chunk, so that publication knows the object's hashes without
 * reading it again. The JDK's digests cannot save their state; BouncyCastle's can.
 */
final class RunningHashes {
  private final SHA256Digest sha256;
  private final MD5Digest md5;

  private RunningHashes(SHA256Digest sha256, MD5Digest md5) {
    this.sha256 = sha256;
    this.md5 = md5;
  }

  /** The hashes of no bytes: a new upload's. */
  static RunningHashes start() {
    return new RunningHashes(new SHA256Digest(), new MD5Digest());
  }

  /** The hashes saved by {@link #encoded()}. */
  static RunningHashes restore(String encoded) {
    int dot = encoded.indexOf('.');
    if (dot < 0) {
      throw new IllegalArgumentException("not a saved hash state");
    }
    Base64.Decoder b64 = Base64.getDecoder();
    return new RunningHashes(
        new SHA256Digest(b64.decode(encoded.substring(0, dot))), new MD5Digest(b64.decode(encoded.substring(dot + 1))));
  }

  void update(byte[] b, int off, int n) {
    sha256.update(b, off, n);
    md5.update(b, off, n);
  }

  /** The state as text for the upload's row: both digests' encoded states, base64, dot-separated. */
  String encoded() {
    Base64.Encoder b64 = Base64.getEncoder();
    return b64.encodeToString(sha256.getEncodedState()) + "." + b64.encodeToString(md5.getEncodedState());
  }

  /** The SHA-256 (hex) of the bytes so far; the state itself is left as it is. */
  String sha256Hex() {
    SHA256Digest copy = new SHA256Digest(sha256);
    byte[] out = new byte[copy.getDigestSize()];
    copy.doFinal(out, 0);
    return HexFormat.of().formatHex(out);
  }

  /** The MD5 (hex) of the bytes so far; the state itself is left as it is. */
  String md5Hex() {
    MD5Digest copy = new MD5Digest(md5);
    byte[] out = new byte[copy.getDigestSize()];
    copy.doFinal(out, 0);
    return HexFormat.of().formatHex(out);
  }
}
