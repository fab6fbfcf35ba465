package dev.silo.api.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class XmlTest {
  private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

  private static String text(Xml x) {
    return new String(x.bytes(), StandardCharsets.UTF_8);
  }

  private static String element(Object value) {
    String doc = text(Xml.plain("R").el("V", value).end("R"));
    return doc.substring((DECLARATION + "<R><V>").length(), doc.length() - "</V></R>".length());
  }

  @Test
  void aDocumentNamesS3sNamespaceAndClosesItsRoot() {
    Xml x = Xml.document("ListBucketResult").open("Contents").el("Key", "a").close("Contents").end("ListBucketResult");
    assertEquals(
        DECLARATION + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Contents><Key>a</Key></Contents></ListBucketResult>",
        text(x));
    assertEquals(x.bytes().length, x.length());
  }

  @Test
  void writesToAStreamWhatItHolds() throws IOException {
    Xml x = Xml.plain("Error").el("Code", "NoSuchKey").end("Error");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    x.writeTo(out);
    assertEquals(DECLARATION + "<Error><Code>NoSuchKey</Code></Error>", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void escapesTheFiveSpecialCharactersAndControlCharacters() {
    assertEquals("a&lt;b&gt;c&amp;d&quot;e&apos;f", element("a<b>c&d\"e'f"));
    assertEquals("&#1;x&#31;\t\n\r\u007f", element("\u0001x\u001f\t\n\r\u007f"));
  }

  @Test
  void writesOtherTextAsUtf8() {
    assertEquals("caf\u00e9 &amp; \ud83d\udcf7 &lt;\u4e2d&gt;", element("caf\u00e9 & \ud83d\udcf7 <\u4e2d>"));
    // a lone surrogate cannot be encoded: a question mark, as String.getBytes writes it
    assertEquals("x?y", element("x\ud800y"));
  }

  @Test
  void nothingForANullValue() {
    assertEquals(DECLARATION + "<R></R>", text(Xml.plain("R").el("V", null).end("R")));
  }

  @Test
  void numbersInFull() {
    for (long n : new long[] {0, 7, 10, 99, 100, 4096, 999_999_999_999_999L, 1_000_000_000_000_000L,
        Long.MAX_VALUE, -1, -4096, Long.MIN_VALUE}) {
      String doc = text(Xml.plain("R").el("Size", n).end("R"));
      assertEquals(DECLARATION + "<R><Size>" + n + "</Size></R>", doc, "for " + n);
    }
  }

  @Test
  void instantsInUtcWithThreeDigitsOfMilliseconds() {
    DateTimeFormatter reference = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    Instant[] cases = {
      Instant.parse("2026-12-06T10:00:01Z"),
      Instant.parse("2026-12-06T10:00:01.120Z"),
      Instant.parse("2026-12-06T23:59:59.999999999Z"),
      Instant.parse("1969-12-31T23:59:59.500Z"),
      Instant.parse("0000-01-01T00:00:00Z"),
      Instant.parse("9999-12-31T23:59:59.001Z"),
      Instant.EPOCH,
      // outside years 0000-9999 the formatter writes them (with a sign)
      Instant.parse("+10000-01-01T00:00:00Z"),
      Instant.parse("-0001-06-01T12:00:00Z"),
    };
    for (Instant i : cases) {
      assertEquals(reference.format(i), element(i), "for " + i);
    }
    SplittableRandom random = new SplittableRandom(7);
    for (int n = 0; n < 10_000; n++) {
      Instant i = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L), random.nextInt(1_000_000_000));
      assertEquals(reference.format(i), element(i), "for " + i);
    }
  }

  /** Random text, special and non-ASCII characters included, against a plain reference escape. */
  @Test
  void anyTextAsTheReferenceEscapesIt() {
    SplittableRandom random = new SplittableRandom(11);
    String alphabet = "ab/<>&\"'\t\n\r\u0000\u0001\u001f\u007f\u00e9\u00ff\u0100\u4e2d\ud83d\udcf7";
    for (int n = 0; n < 2_000; n++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(0, 300);
      for (int i = 0; i < length; i++) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertEquals(reference(s.toString()), element(s.toString()), "for " + s);
    }
  }

  private static String reference(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            sb.append("&#").append((int) c).append(';');
          } else {
            sb.append(c);
          }
        }
      }
    }
    return new String(sb.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }
}
