package dev.silo.api.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** S3's XML: a tiny writer for answers, and a hardened parser (no DTDs, no entities) for request bodies. */
final class Xml {
  static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
  /** The largest request body parsed: DeleteObjects of 1000 long keys fits. */
  static final int MAX_BODY = 2 * 1024 * 1024;
  private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

  private final StringBuilder sb = new StringBuilder(256).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

  static Xml document(String root) {
    Xml x = new Xml();
    x.sb.append('<').append(root).append(" xmlns=\"").append(NS).append("\">");
    return x;
  }

  static Xml plain(String root) {
    Xml x = new Xml();
    x.sb.append('<').append(root).append('>');
    return x;
  }

  Xml open(String name) {
    sb.append('<').append(name).append('>');
    return this;
  }

  Xml close(String name) {
    sb.append("</").append(name).append('>');
    return this;
  }

  /** An element with text; nothing when {@code value} is null. */
  Xml el(String name, Object value) {
    if (value == null) {
      return this;
    }
    String text = value instanceof Instant i ? ISO_MILLIS.format(i) : value.toString();
    sb.append('<').append(name).append('>');
    escape(text);
    sb.append("</").append(name).append('>');
    return this;
  }

  /** Text inside the element open last (the root's own text, for a one-value answer). */
  Xml text(String value) {
    escape(value);
    return this;
  }

  byte[] end(String root) {
    sb.append("</").append(root).append('>');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void escape(String s) {
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
  }

  static String iso(Instant i) {
    return ISO_MILLIS.format(i);
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

  static String text(Element parent, String name) {
    List<Element> c = children(parent, name);
    return c.isEmpty() ? null : c.get(0).getTextContent();
  }
}
