package dev.silo.core.upload.resumable;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.silo.core.support.Unchecked;
import dev.silo.core.upload.resumable.SavedState.Digest;
import dev.silo.core.upload.resumable.SavedState.Midstate;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * {@link RunningHashes} by the system's OpenSSL (libcrypto.so.3) through the FFM API. Its
 * low-level {@code SHA256_CTX} and {@code MD5_CTX} are plain structs, so a state can be read out
 * and written back, which the JDK's digests do not allow; and OpenSSL hashes SHA-256 with the CPU's
 * SHA extensions: about ten times BouncyCastle's Java speed, which had kept TUS uploads to about
 * 85 MiB/s of hashing on one core. Used only when the library loads and, on a sample, saves
 * exactly the state {@link JavaHashes} saves for the same bytes ({@link #available()}).
 *
 * <p>The structs' layouts are those of OpenSSL 3's {@code sha.h} and {@code md5.h}: SHA-256's 8
 * chaining words, MD5's 4, then the bit count as two 32-bit halves, the 64-byte partial block as
 * bytes and the number of them; in native byte order, as {@code JAVA_INT} reads them.
 */
final class NativeHashes implements RunningHashes {
  private static final long SHA_CTX = 112; // h[8], Nl, Nh, data[16], num, md_len
  private static final long SHA_NL = 32;
  private static final long SHA_DATA = 40;
  private static final long SHA_NUM = 104;
  private static final long MD5_CTX = 92; // A, B, C, D, Nl, Nh, data[16], num
  private static final long MD5_NL = 16;
  private static final long MD5_DATA = 24;
  private static final long MD5_NUM = 88;
  private static final int MAX_UPDATE = 1 << 20; // a critical call holds off the GC while it runs

  private static final Library LIBRARY = Library.load();

  private final MemorySegment sha;
  private final MemorySegment md5;

  private NativeHashes(MemorySegment sha, MemorySegment md5) {
    this.sha = sha;
    this.md5 = md5;
  }

  /** Whether OpenSSL was found, bound and checked against {@link JavaHashes}. */
  static boolean available() {
    return LIBRARY != null;
  }

  static NativeHashes start() {
    NativeHashes h = allocate();
    LIBRARY.init(h);
    return h;
  }

  static NativeHashes restore(String encoded) {
    NativeHashes h = start(); // the init sets SHA-256's digest length, which the state does not carry
    h.restoreFrom(encoded);
    return h;
  }

  private void restoreFrom(String encoded) {
    byte[][] states = SavedState.split(encoded);
    Midstate s = SavedState.read(Digest.SHA256, states[0]);
    Midstate m = SavedState.read(Digest.MD5, states[1]);
    if (s.count() != m.count() || !Arrays.equals(s.pending(), m.pending())) {
      throw new IllegalArgumentException("not a saved hash state");
    }
    put(sha, s, SHA_NL, SHA_DATA, SHA_NUM);
    put(md5, m, MD5_NL, MD5_DATA, MD5_NUM);
  }

  private static NativeHashes allocate() {
    Arena arena = Arena.ofAuto();
    return new NativeHashes(arena.allocate(SHA_CTX, 8), arena.allocate(MD5_CTX, 8));
  }

  @Override
  public void update(byte[] b, int off, int n) {
    for (int at = off, end = off + n; at < end; at += MAX_UPDATE) {
      MemorySegment slice = MemorySegment.ofArray(b).asSlice(at, Math.min(MAX_UPDATE, end - at));
      LIBRARY.update(this, slice);
    }
  }

  @Override
  public String encoded() {
    return SavedState.join(
        SavedState.write(Digest.SHA256, get(sha, Digest.SHA256, SHA_NL, SHA_DATA, SHA_NUM)),
        SavedState.write(Digest.MD5, get(md5, Digest.MD5, MD5_NL, MD5_DATA, MD5_NUM)));
  }

  @Override
  public String sha256Hex() {
    return HexFormat.of().formatHex(LIBRARY.finalSha256(sha));
  }

  @Override
  public String md5Hex() {
    return HexFormat.of().formatHex(LIBRARY.finalMd5(md5));
  }

  private static Midstate get(MemorySegment ctx, Digest digest, long nl, long data, long num) {
    int[] chain = new int[digest.chainWords];
    for (int i = 0; i < chain.length; i++) {
      chain[i] = ctx.get(JAVA_INT, i * 4L);
    }
    long bits = Integer.toUnsignedLong(ctx.get(JAVA_INT, nl)) | Integer.toUnsignedLong(ctx.get(JAVA_INT, nl + 4)) << 32;
    byte[] pending = ctx.asSlice(data, ctx.get(JAVA_INT, num)).toArray(JAVA_BYTE);
    return new Midstate(chain, bits >>> 3, pending);
  }

  private static void put(MemorySegment ctx, Midstate m, long nl, long data, long num) {
    for (int i = 0; i < m.chain().length; i++) {
      ctx.set(JAVA_INT, i * 4L, m.chain()[i]);
    }
    long bits = m.count() << 3;
    ctx.set(JAVA_INT, nl, (int) bits);
    ctx.set(JAVA_INT, nl + 4, (int) (bits >>> 32));
    ctx.asSlice(data, 64).fill((byte) 0);
    MemorySegment.copy(m.pending(), 0, ctx, JAVA_BYTE, data, m.pending().length);
    ctx.set(JAVA_INT, num, m.pending().length);
  }

  /** libcrypto's six functions; null when it cannot be used here. */
  private record Library(
      MethodHandle shaInit, MethodHandle shaUpdate, MethodHandle shaFinal,
      MethodHandle md5Init, MethodHandle md5Update, MethodHandle md5Final) {

    static Library load() {
      try {
        Linker linker = Linker.nativeLinker();
        SymbolLookup crypto = SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global());
        FunctionDescriptor init = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        FunctionDescriptor update = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);
        FunctionDescriptor fin = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
        Linker.Option heap = Linker.Option.critical(true); // the chunk's array is hashed where it is
        Library l = new Library(
            linker.downcallHandle(crypto.findOrThrow("SHA256_Init"), init),
            linker.downcallHandle(crypto.findOrThrow("SHA256_Update"), update, heap),
            linker.downcallHandle(crypto.findOrThrow("SHA256_Final"), fin, heap),
            linker.downcallHandle(crypto.findOrThrow("MD5_Init"), init),
            linker.downcallHandle(crypto.findOrThrow("MD5_Update"), update, heap),
            linker.downcallHandle(crypto.findOrThrow("MD5_Final"), fin, heap));
        return l.agreesWithJava() ? l : null;
      } catch (RuntimeException | LinkageError e) {
        return null; // no libcrypto 3 here, or native access denied: BouncyCastle's Java it is
      }
    }

    /**
     * Whether a few odd-sized updates leave the state {@link JavaHashes} leaves, with the same
     * digests, and whether a state saved by it carries on here: a check of the struct layouts.
     */
    private boolean agreesWithJava() {
      byte[] sample = new byte[1000];
      new java.util.SplittableRandom(25).nextBytes(sample);
      // through this library: the class's own is not set until the check passes
      NativeHashes mine = allocate();
      init(mine);
      JavaHashes java = JavaHashes.start();
      for (int[] cut : new int[][] {{0, 3}, {3, 70}, {70, 135}}) {
        updateWith(mine, sample, cut[0], cut[1] - cut[0]);
        java.update(sample, cut[0], cut[1] - cut[0]);
        if (!mine.encoded().equals(java.encoded())) {
          return false;
        }
      }
      NativeHashes resumed = allocate();
      init(resumed);
      resumed.restoreFrom(java.encoded());
      updateWith(resumed, sample, 135, 865);
      java.update(sample, 135, 865);
      return hex(finalSha256(resumed.sha)).equals(java.sha256Hex()) && hex(finalMd5(resumed.md5)).equals(java.md5Hex());
    }

    private void updateWith(NativeHashes h, byte[] b, int off, int n) {
      update(h, MemorySegment.ofArray(b).asSlice(off, n));
    }

    private static String hex(byte[] b) {
      return HexFormat.of().formatHex(b);
    }

    void init(NativeHashes h) {
      try {
        check((int) shaInit.invokeExact(h.sha) == 1 && (int) md5Init.invokeExact(h.md5) == 1);
      } catch (Throwable t) {
        throw Unchecked.of(t);
      }
    }

    void update(NativeHashes h, MemorySegment bytes) {
      try {
        check((int) shaUpdate.invokeExact(h.sha, bytes, bytes.byteSize()) == 1
            && (int) md5Update.invokeExact(h.md5, bytes, bytes.byteSize()) == 1);
      } catch (Throwable t) {
        throw Unchecked.of(t);
      }
    }

    byte[] finalSha256(MemorySegment ctx) {
      return finalOf(shaFinal, ctx, SHA_CTX, 32);
    }

    byte[] finalMd5(MemorySegment ctx) {
      return finalOf(md5Final, ctx, MD5_CTX, 16);
    }

    /** The digest of a copy of the state {@code ctx}, which stays as it is. */
    private static byte[] finalOf(MethodHandle fin, MemorySegment ctx, long ctxSize, int digestSize) {
      byte[] out = new byte[digestSize];
      try {
        MemorySegment copy = Arena.ofAuto().allocate(ctxSize, 8).copyFrom(ctx);
        check((int) fin.invokeExact(MemorySegment.ofArray(out), copy) == 1);
      } catch (Throwable t) {
        throw Unchecked.of(t);
      }
      return out;
    }

    private static void check(boolean ok) {
      if (!ok) {
        throw new IllegalStateException("OpenSSL's digest failed");
      }
    }
  }
}
