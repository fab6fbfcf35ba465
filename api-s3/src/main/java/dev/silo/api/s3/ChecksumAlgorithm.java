package dev.silo.api.s3;

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
 * an unsigned payload it is the only check of the bytes.
 */
enum ChecksumAlgorithm {
  CRC32(4),
  CRC32C(4),
  CRC64NVME(8),
  SHA1(20),
  SHA256(32);

  private final int length;

  ChecksumAlgorithm(int length) {
    this.length = length;
  }

  /** The header (and trailer) that carries it, e.g. {@code x-amz-checksum-crc32}. */
  String header() {
    return "x-amz-checksum-" + name().toLowerCase(Locale.ROOT);
  }

  /** How many bytes the value has. */
  int length() {
    return length;
  }

  /** The algorithm a header or trailer name stands for. */
  static Optional<ChecksumAlgorithm> ofHeader(String name) {
    for (ChecksumAlgorithm a : values()) {
      if (a.header().equalsIgnoreCase(name.strip())) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** A running computation of the checksum. */
  interface Running {
    void update(byte[] b, int off, int len);

    byte[] value();
  }

  Running start() {
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
    private static final long REFLECTED_POLY = 0x9a6c9329ac4bc9b5L;
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
