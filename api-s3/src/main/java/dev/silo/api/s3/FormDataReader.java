package dev.silo.api.s3;

import dev.silo.core.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/form-data} body part by part as it streams (RFC 7578): each part's
 * headers, then its content as a stream that ends at the next delimiter, never holding more than
 * a buffer. A part's content must be read to its end (or abandoned with the whole body) before
 * the next part is asked for.
 */
final class FormDataReader {
  private static final int MAX_HEADERS = 8 * 1024;

  /** A part: its headers (names lower-case) and its content. */
  record Part(Map<String, String> headers, InputStream content) {
    /** The {@code name} of its Content-Disposition, lower-case (S3's form field names are case-blind). */
    String name() {
      return parameter("name").map(n -> n.toLowerCase(Locale.ROOT)).orElse("");
    }

    /** The {@code filename} of its Content-Disposition, when it has one. */
    java.util.Optional<String> filename() {
      return parameter("filename");
    }

    private java.util.Optional<String> parameter(String wanted) {
      String disposition = headers.getOrDefault("content-disposition", "");
      for (String piece : disposition.split(";")) {
        String p = piece.strip();
        int eq = p.indexOf('=');
        if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase(wanted)) {
          String v = p.substring(eq + 1).strip();
          return java.util.Optional.of(v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
      }
      return java.util.Optional.empty();
    }
  }

  private final InputStream in;
  /** CRLF, two dashes and the boundary: what ends a part's content. */
  private final byte[] delimiter;
  private final byte[] buf;
  private int pos;
  private int lim;
  private boolean eof;
  private boolean finished;
  private PartContent current;
  /** Where no delimiter can begin before, in the buffer: what a search already passed. */
  private int searched;

  private FormDataReader(InputStream in, String boundary) {
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.buf = new byte[64 * 1024 + delimiter.length];
    // the body's first delimiter has no CRLF before it: one is supplied, so that all look alike
    buf[0] = '\r';
    buf[1] = '\n';
    lim = 2;
  }

  /** A reader of {@code body}, whose Content-Type is {@code contentType}; 400 when it is not form data with a boundary. */
  static FormDataReader of(InputStream body, String contentType) {
    String boundary = boundary(contentType);
    if (boundary == null) {
      throw new InvalidInputException("malformed_post", "a POST to a bucket is a form upload: multipart/form-data with a boundary");
    }
    FormDataReader r = new FormDataReader(body, boundary);
    return r;
  }

  /** The boundary of a {@code multipart/form-data} Content-Type, or null. */
  static String boundary(String contentType) {
    if (contentType == null || !contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      return null;
    }
    for (String piece : contentType.split(";")) {
      String p = piece.strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String b = p.substring("boundary=".length()).strip();
        if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
          b = b.substring(1, b.length() - 1);
        }
        return b.isEmpty() || b.length() > 70 ? null : b;
      }
    }
    return null;
  }

  /** The next part, or null after the last. */
  Part next() throws IOException {
    if (current == null) {
      new PartContent().transferTo(java.io.OutputStream.nullOutputStream()); // the preamble
    } else if (!current.done) {
      throw new IllegalStateException("the previous part was not read to its end");
    }
    if (finished) {
      return null;
    }
    // after a delimiter: "--" closes the body, CRLF starts a part
    ensure(2);
    if (lim - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
      finished = true;
      return null;
    }
    String line = line();
    if (!line.isBlank()) {
      throw malformed();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    int read = 0;
    while (true) {
      String h = line();
      read += h.length() + 2;
      if (read > MAX_HEADERS) {
        throw malformed();
      }
      if (h.isEmpty()) {
        break;
      }
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw malformed();
      }
      headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
    }
    current = new PartContent();
    return new Part(headers, current);
  }

  /** A header line, without its CRLF (UTF-8: browsers send file names so). */
  private String line() throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(128);
    while (true) {
      ensure(1);
      if (pos >= lim) {
        throw malformed();
      }
      byte b = buf[pos++];
      if (b == '\n') {
        byte[] bytes = out.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
      }
      out.write(b);
      if (out.size() > MAX_HEADERS) {
        throw malformed();
      }
    }
  }

  /** At least {@code n} unread bytes in the buffer, unless the body ends first. */
  private void ensure(int n) throws IOException {
    while (lim - pos < n && !eof) {
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        lim -= pos;
        searched = Math.max(0, searched - pos);
        pos = 0;
      }
      int r = in.read(buf, lim, buf.length - lim);
      if (r < 0) {
        eof = true;
      } else {
        lim += r;
      }
    }
  }

  /** Where the delimiter starts in the unread bytes, or -1; each byte is passed once. */
  private int find() {
    int i = Math.max(pos, searched);
    outer:
    for (; i + delimiter.length <= lim; i++) {
      if (buf[i] != '\r') {
        continue;
      }
      for (int j = 1; j < delimiter.length; j++) {
        if (buf[i + j] != delimiter[j]) {
          continue outer;
        }
      }
      searched = i;
      return i;
    }
    searched = i;
    return -1;
  }

  private static InvalidInputException malformed() {
    return new InvalidInputException("malformed_post", "the form upload's multipart/form-data body is malformed");
  }

  /** One part's content: the bytes up to the next delimiter, which it consumes. */
  private final class PartContent extends InputStream {
    private boolean done;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      ensure(delimiter.length);
      int at = find();
      int available;
      if (at == pos) {
        pos += delimiter.length;
        done = true;
        return -1;
      } else if (at > pos) {
        available = at - pos;
      } else if (eof) {
        throw new InvalidInputException("incomplete_body", "the form upload ended before its closing boundary");
      } else {
        available = lim - pos - (delimiter.length - 1); // a delimiter may begin in the last bytes
      }
      int n = Math.min(len, available);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
