package dev.silo.http.tls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The few DER pieces needed to rewrap the two traditional key formats (PKCS#1 RSA, SEC1 EC) as
 * PKCS#8, the one format the JDK's key factories read.
 */
final class Der {
  static final int SEQUENCE = 0x30;
  static final int INTEGER = 0x02;
  static final int OCTET_STRING = 0x04;
  static final int NULL = 0x05;
  static final int OID = 0x06;

  /** rsaEncryption, 1.2.840.113549.1.1.1 */
  static final byte[] RSA_ENCRYPTION = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
  /** id-ecPublicKey, 1.2.840.10045.2.1 */
  static final byte[] EC_PUBLIC_KEY = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

  private Der() {}

  /** One tag-length-value. */
  static byte[] tlv(int tag, byte[]... contents) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] c : contents) {
      body.writeBytes(c);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = body.size();
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  /** PrivateKeyInfo (PKCS#8) around a traditional key: version 0, the algorithm, the key as an octet string. */
  static byte[] pkcs8(byte[] algorithmIdentifier, byte[] key) {
    return tlv(SEQUENCE, tlv(INTEGER, new byte[] {0}), algorithmIdentifier, tlv(OCTET_STRING, key));
  }

  /**
   * The named curve of a SEC1 ECPrivateKey, a whole OID element taken from its {@code [0]}
   * parameters field; null when the key does not carry it.
   */
  static byte[] sec1Curve(byte[] sec1) {
    Reader outer = new Reader(sec1, 0, sec1.length);
    Reader key = outer.enter(SEQUENCE);
    key.skip(); // version
    key.skip(); // the private key octets
    while (key.more()) {
      int start = key.pos;
      int tag = key.tag();
      if (tag == 0xa0) {
        Reader params = new Reader(sec1, start, key.end).enter(0xa0);
        int oidStart = params.pos;
        if (params.tag() != OID) {
          return null;
        }
        params.skip();
        return Arrays.copyOfRange(sec1, oidStart, params.pos);
      }
      key.skip();
    }
    return null;
  }

  /** Reads elements in [pos, end); any malformed length throws IllegalArgumentException. */
  private static final class Reader {
    private final byte[] b;
    private int pos;
    private final int end;

    Reader(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    int tag() {
      need(1);
      return b[pos] & 0xff;
    }

    /** The element here: its contents as a reader, after checking its tag. */
    Reader enter(int expected) {
      if (tag() != expected) {
        throw new IllegalArgumentException("unexpected DER tag");
      }
      int[] contents = contents();
      pos = contents[1];
      return new Reader(b, contents[0], contents[1]);
    }

    void skip() {
      pos = contents()[1];
    }

    /** [start, end) of the contents of the element at pos. */
    private int[] contents() {
      int p = pos + 1;
      need(2);
      int len = b[p++] & 0xff;
      if (len >= 0x80) {
        int bytes = len & 0x7f;
        if (bytes == 0 || bytes > 3 || p + bytes > end) {
          throw new IllegalArgumentException("bad DER length");
        }
        len = 0;
        for (int i = 0; i < bytes; i++) {
          len = (len << 8) | (b[p++] & 0xff);
        }
      }
      if (p + len > end) {
        throw new IllegalArgumentException("DER element runs past its end");
      }
      return new int[] {p, p + len};
    }

    private void need(int n) {
      if (pos + n > end) {
        throw new IllegalArgumentException("DER ends early");
      }
    }
  }
}
