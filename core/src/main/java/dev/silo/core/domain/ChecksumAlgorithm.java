package dev.silo.core.domain;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The additional checksums S3 clients send with an upload ({@code x-amz-checksum-<name>}, in a
 * header or an aws-chunked trailer): what each is called and how it is computed. The AWS SDKs
 * and CLI send one with every upload by default since 2025 (CRC32 or CRC64NVME); over HTTPS with
 * an unsigned payload it is the only check of the bytes. An object keeps the one its upload was
 * checked against ({@link Checksum}).
 */
public enum ChecksumAlgorithm {
  CRC32(4, 0xedb88320L),
  CRC32C(4, 0x82f63b78L),
  CRC64NVME(8, 0x9a6c9329ac4bc9b5L),
  SHA1(20, 0),
  SHA256(32, 0);

  private final int length;
  /** The CRC's polynomial, bit-reflected as the register shifts right; 0 for a digest. */
  private final long reflectedPoly;

  ChecksumAlgorithm(int length, long reflectedPoly) {
    this.length = length;
    this.reflectedPoly = reflectedPoly;
  }

  /** The header (and trailer) that carries it, e.g. {@code x-amz-checksum-crc32}. */
  public String header() {
    return "x-amz-checksum-" + name().toLowerCase(Locale.ROOT);
  }

  /** How many bytes the value has. */
  public int length() {
    return length;
  }

  /** Whether it is a CRC, whose values of consecutive stretches combine into the value of the whole. */
  public boolean crc() {
    return reflectedPoly != 0;
  }

  /** The algorithm a header or trailer name stands for. */
  public static Optional<ChecksumAlgorithm> ofHeader(String name) {
    for (ChecksumAlgorithm a : values()) {
      if (a.header().equalsIgnoreCase(name.strip())) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The algorithm of this name ({@code CRC32}, {@code crc64nvme}), as S3's requests and documents name it. */
  public static Optional<ChecksumAlgorithm> named(String name) {
    return WireNames.find(ChecksumAlgorithm.class, name);
  }

  /** The checksum of {@code data}, all of it. */
  public byte[] of(byte[] data) {
    Running r = start();
    r.update(data, 0, data.length);
    return r.value();
  }

  /**
   * The CRC of two consecutive stretches from the CRCs of each and the second's length, without
   * the bytes: the first's register is carried through {@code secondLength} zero bytes (a linear
   * map, applied by squaring its one-bit matrix) and added to the second's. Only for a CRC.
   */
  public byte[] combine(byte[] first, byte[] second, long secondLength) {
    if (!crc()) {
      throw new IllegalStateException(this + " values do not combine");
    }
    int width = length * 8;
    long mask = width == 64 ? -1L : (1L << width) - 1;
    long crc1 = toLong(first);
    long crc2 = toLong(second);
    long[] bit = new long[width]; // the register's map for one zero bit shifted in
    bit[0] = reflectedPoly;
    for (int n = 1; n < width; n++) {
      bit[n] = 1L << (n - 1);
    }
    long[] step = square(square(square(bit, mask), mask), mask); // one zero byte
    for (long n = secondLength; n != 0; n >>>= 1) {
      if ((n & 1) != 0) {
        crc1 = times(step, crc1);
      }
      step = square(step, mask);
    }
    return toBytes((crc1 ^ crc2) & mask);
  }

  private static long times(long[] matrix, long vector) {
    long sum = 0;
    for (int i = 0; vector != 0; i++, vector >>>= 1) {
      if ((vector & 1) != 0) {
        sum ^= matrix[i];
      }
    }
    return sum;
  }

  private static long[] square(long[] matrix, long mask) {
    long[] sq = new long[matrix.length];
    for (int n = 0; n < matrix.length; n++) {
      sq[n] = times(matrix, matrix[n]) & mask;
    }
    return sq;
  }

  private long toLong(byte[] value) {
    if (value.length != length) {
      throw new IllegalArgumentException(this + " values have " + length + " bytes");
    }
    long v = 0;
    for (byte b : value) {
      v = (v << 8) | (b & 0xff);
    }
    return v;
  }

  private byte[] toBytes(long v) {
    byte[] out = new byte[length];
    for (int i = length - 1; i >= 0; i--, v >>>= 8) {
      out[i] = (byte) v;
    }
    return out;
  }

  /** A running computation of the checksum. */
  public interface Running {
    void update(byte[] b, int off, int len);

    byte[] value();
  }

  public Running start() {
    return switch (this) {
      case CRC32 -> crc(new CRC32());
      case CRC32C -> crc(new CRC32C());
      case CRC64NVME -> new Crc64Nvme();
      case SHA1 -> digest("SHA-1");
      case SHA256 -> digest("SHA-256");
    };
  }

  private static Running crc(Checksum crc) {
    return new Running() {
      @Override
      public void update(byte[] b, int off, int len) {
        crc.update(b, off, len);
      }

      @Override
      public byte[] value() {
        return ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
      }
    };
  }

  private static Running digest(String algorithm) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return new Running() {
      @Override
      public void update(byte[] b, int off, int len) {
        digest.update(b, off, len);
      }

      @Override
      public byte[] value() {
        return digest.digest();
      }
    };
  }

  /**
   * CRC-64/NVME (polynomial 0xad93d23594c93659, reflected, all ones in and out), which the JDK
   * lacks; eight bytes a step through eight tables.
   */
  static final class Crc64Nvme implements Running {
    private static final long REFLECTED_POLY = CRC64NVME.reflectedPoly;
    private static final long[][] TABLES = tables();

    private long crc = -1L;

    private static long[][] tables() {
      long[][] t = new long[8][256];
      for (int i = 0; i < 256; i++) {
        long c = i;
        for (int bit = 0; bit < 8; bit++) {
          c = (c & 1) != 0 ? (c >>> 1) ^ REFLECTED_POLY : c >>> 1;
        }
        t[0][i] = c;
      }
      for (int i = 0; i < 256; i++) {
        for (int k = 1; k < 8; k++) {
          t[k][i] = (t[k - 1][i] >>> 8) ^ t[0][(int) (t[k - 1][i] & 0xff)];
        }
      }
      return t;
    }

    @Override
    public void update(byte[] b, int off, int len) {
      long c = crc;
      int i = off;
      int end = off + len;
      long[][] t = TABLES;
      for (; i + 8 <= end; i += 8) {
        long word = (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
            | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40 | (b[i + 6] & 0xffL) << 48 | (b[i + 7] & 0xffL) << 56;
        long x = c ^ word;
        c = t[7][(int) (x & 0xff)] ^ t[6][(int) ((x >>> 8) & 0xff)] ^ t[5][(int) ((x >>> 16) & 0xff)]
            ^ t[4][(int) ((x >>> 24) & 0xff)] ^ t[3][(int) ((x >>> 32) & 0xff)] ^ t[2][(int) ((x >>> 40) & 0xff)]
            ^ t[1][(int) ((x >>> 48) & 0xff)] ^ t[0][(int) (x >>> 56)];
      }
      for (; i < end; i++) {
        c = t[0][(int) ((c ^ b[i]) & 0xff)] ^ (c >>> 8);
      }
      crc = c;
    }

    @Override
    public byte[] value() {
      return ByteBuffer.allocate(8).putLong(~crc).array();
    }
  }
}
