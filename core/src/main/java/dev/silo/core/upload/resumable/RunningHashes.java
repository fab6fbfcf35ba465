package dev.silo.core.upload.resumable;

/**
 * The SHA-256 and MD5 of a resumable upload's committed bytes, carried from chunk to chunk: saved
 * on the upload's row in the transaction that moves the offset ({@link #encoded()}), restored by
 * whichever node takes the next chunk, so that publication knows the object's hashes without
 * reading it again. The JDK's digests cannot save their state. The saved form is BouncyCastle's
 * encoded state of each digest, whichever implementation made it, so nodes with and without
 * OpenSSL (and rows saved before it was used) take each other's chunks.
 */
sealed interface RunningHashes permits JavaHashes, NativeHashes {
  /** The hashes of no bytes: a new upload's. */
  static RunningHashes start() {
    return NativeHashes.available() ? NativeHashes.start() : JavaHashes.start();
  }

  /** The hashes saved by {@link #encoded()}; throws {@link IllegalArgumentException} if it is not such a state. */
  static RunningHashes restore(String encoded) {
    return NativeHashes.available() ? NativeHashes.restore(encoded) : JavaHashes.restore(encoded);
  }

  void update(byte[] b, int off, int n);

  /** The state as text for the upload's row: both digests' encoded states, base64, dot-separated. */
  String encoded();

  /** The SHA-256 (hex) of the bytes so far; the state itself is left as it is. */
  String sha256Hex();

  /** The MD5 (hex) of the bytes so far; the state itself is left as it is. */
  String md5Hex();
}
