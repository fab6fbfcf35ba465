package dev.silo.api.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * S3's XML: a tiny writer for answers, and a hardened parser (no DTDs, no entities) for request
 * bodies. The writer puts UTF-8 straight into one array, which the answer is sent from: a listing
 * page of 1,000 keys went through a StringBuilder a character at a time, then a String and then
 * its bytes, and each timestamp through a DateTimeFormatter, half of the listing handler's CPU.
 */
final class Xml {
  static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
  /** The largest request body parsed: DeleteObjects of 1000 long keys fits. */
  static final int MAX_BODY = 2 * 1024 * 1024;
  private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
  private static final byte[] DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".getBytes(StandardCharsets.US_ASCII);
  private static final long SECONDS_PER_DAY = 86_400;
  /** The instants written without the formatter: years 1-9999, whose year of era is the year. */
  private static final long MIN_SECOND = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
  private static final long MAX_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  /**
   * Arrays kept between answers, as JSON bodies keep theirs ({@code JsonBuffers}): a page of 1,000
   * keys is some 230 KB, which a new array grew to a copy at a time. A few are kept, none bigger
   * than {@link #KEEP_AT_MOST}.
   */
  private static final ArrayBlockingQueue<byte[]> KEPT = new ArrayBlockingQueue<>(8);

  private static final int KEEP_AT_MOST = 2 << 20;

  private byte[] buf;
  private int count;

  private Xml() {
    byte[] kept = KEPT.poll();
    buf = kept != null ? kept : new byte[8192];
    put(DECLARATION);
  }

  static Xml document(String root) {
    Xml x = new Xml();
    x.ascii('<').ascii(root).ascii(" xmlns=\"").ascii(NS).ascii("\">");
    return x;
  }

  static Xml plain(String root) {
    return new Xml().open(root);
  }

  Xml open(String name) {
    put(tag(name).open);
    return this;
  }

  Xml close(String name) {
    put(tag(name).close);
    return this;
  }

  /** An element's tags as bytes, made once per name: a page of 1,000 keys writes 16,000 of them. */
  private record Tag(byte[] open, byte[] close) {}

  /** Element names are the code's own literals, so this stays as small as S3's vocabulary. */
  private static final ConcurrentHashMap<String, Tag> TAGS = new ConcurrentHashMap<>();

  private static Tag tag(String name) {
    Tag t = TAGS.get(name);
    if (t == null) {
      t = new Tag(("<" + name + ">").getBytes(StandardCharsets.UTF_8), ("</" + name + ">").getBytes(StandardCharsets.UTF_8));
      TAGS.putIfAbsent(name, t);
    }
    return t;
  }

  /** An element with text; nothing when {@code value} is null. */
  Xml el(String name, Object value) {
    if (value == null) {
      return this;
    }
    open(name);
    if (value instanceof Instant i) {
      instant(i);
    } else {
      escape(value.toString());
    }
    return close(name);
  }

  /** An element with a number, written without boxing it. */
  Xml el(String name, long value) {
    open(name);
    if (value < 0) {
      ascii('-');
      if (value == Long.MIN_VALUE) {
        return ascii("9223372036854775808").close(name);
      }
      value = -value;
    }
    int width = 1;
    for (long rest = value; rest >= 10; rest /= 10) {
      width++;
    }
    digits(value, width);
    return close(name);
  }

  /** Text inside the element open last (the root's own text, for a one-value answer). */
  Xml text(String value) {
    escape(value);
    return this;
  }

  /** Closes the root: the document is complete, {@link #length} bytes for {@link #writeTo}. */
  Xml end(String root) {
    return close(root);
  }

  int length() {
    return count;
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(buf, 0, count);
  }

  /** Hands the array back for another answer; this document is unusable afterwards. */
  void release() {
    if (buf != null && buf.length <= KEEP_AT_MOST) {
      KEPT.offer(buf);
    }
    buf = null;
  }

  /** The document's bytes (a copy), for tests. */
  byte[] bytes() {
    return Arrays.copyOf(buf, count);
  }

  static String iso(Instant i) {
    return ISO_MILLIS.format(i);
  }

  /** Text as UTF-8, with XML's five special characters and other control characters escaped. */
  private void escape(String s) {
    // the JDK encodes (an ASCII string is one copy), then runs without a special byte are copied
    // whole; the special characters are all ASCII, so no byte of a multi-byte character is one
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    int from = 0;
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b >= 0 && !PLAIN[b]) {
        put(bytes, from, i);
        special((char) b);
        from = i + 1;
      }
    }
    put(bytes, from, bytes.length);
  }

  private void special(char c) {
    switch (c) {
      case '<' -> put(LT);
      case '>' -> put(GT);
      case '&' -> put(AMP);
      case '"' -> put(QUOT);
      case '\'' -> put(APOS);
      default -> ascii("&#").ascii(Integer.toString(c)).ascii(';');
    }
  }

  private static final byte[] LT = "&lt;".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] GT = "&gt;".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] AMP = "&amp;".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] QUOT = "&quot;".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] APOS = "&apos;".getBytes(StandardCharsets.US_ASCII);

  /** Characters written as they are: printable ASCII but the five, and tab, newline, return. */
  private static final boolean[] PLAIN = new boolean[128];

  static {
    for (int c = 0x20; c < 0x80; c++) {
      PLAIN[c] = "<>&\"'".indexOf(c) < 0;
    }
    PLAIN['\t'] = PLAIN['\n'] = PLAIN['\r'] = true;
  }

  /** S3's timestamps: UTC, always three digits of milliseconds ("2026-12-06T10:00:01.120Z"). */
  private void instant(Instant i) {
    long seconds = i.getEpochSecond();
    if (seconds < MIN_SECOND || seconds > MAX_SECOND) {
      ascii(ISO_MILLIS.format(i));
      return;
    }
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
    int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
    ensure(24);
    digits(date.getYear(), 4);
    buf[count++] = '-';
    digits(date.getMonthValue(), 2);
    buf[count++] = '-';
    digits(date.getDayOfMonth(), 2);
    buf[count++] = 'T';
    digits(secondOfDay / 3600, 2);
    buf[count++] = ':';
    digits(secondOfDay / 60 % 60, 2);
    buf[count++] = ':';
    digits(secondOfDay % 60, 2);
    buf[count++] = '.';
    digits(i.getNano() / 1_000_000, 3);
    buf[count++] = 'Z';
  }

  /** {@code value} (not negative) in exactly {@code width} digits, zero-padded. */
  private void digits(long value, int width) {
    ensure(width);
    for (int at = count + width - 1; at >= count; at--) {
      buf[at] = (byte) ('0' + value % 10);
      value /= 10;
    }
    count += width;
  }

  /** Text known to be plain ASCII: names, the namespace, escapes. */
  private Xml ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[count++] = (byte) s.charAt(i);
    }
    return this;
  }

  private Xml ascii(char c) {
    ensure(1);
    buf[count++] = (byte) c;
    return this;
  }

  private void put(byte[] bytes) {
    put(bytes, 0, bytes.length);
  }

  private void put(byte[] bytes, int from, int to) {
    int n = to - from;
    ensure(n);
    System.arraycopy(bytes, from, buf, count, n);
    count += n;
  }

  private void ensure(int more) {
    if (buf.length - count < more) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
    }
  }

  // ------------------------------------------------------------------ parsing

  static Element parse(InputStream in) {
    byte[] body;
    try {
      body = in.readNBytes(MAX_BODY + 1);
    } catch (IOException e) {
      throw S3Error.malformedXml();
    }
    if (body.length > MAX_BODY) {
      throw new S3Error(400, "MaxMessageLengthExceeded", "the XML body is too large");
    }
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(true);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      Document d = b.parse(new java.io.ByteArrayInputStream(body));
      return d.getDocumentElement();
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw S3Error.malformedXml();
    }
  }

  static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }

  /** The child element of that name, null without one; two are malformed. */
  static Element only(Element parent, String name) {
    List<Element> found = children(parent, name);
    if (found.size() > 1) {
      throw S3Error.malformedXml();
    }
    return found.isEmpty() ? null : found.getFirst();
  }

  static String text(Element parent, String name) {
    List<Element> c = children(parent, name);
    return c.isEmpty() ? null : c.get(0).getTextContent();
  }
}
