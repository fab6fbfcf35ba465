package dev.silo.metadata.jdbc;

import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * User metadata as a flat JSON object of strings: readable in a SQL shell, portable to both
 * databases, and small enough not to need a JSON library. Control characters, quotes,
 * backslashes and unpaired surrogates are escaped, so any Java string round-trips.
 */
final class MetadataJson {
  private MetadataJson() {}

  static String encode(Map<String, String> map) {
    StringBuilder out = new StringBuilder("{");
    // sorted, so that equal maps are equal text
    for (var entry : new TreeMap<>(map).entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      string(out, entry.getKey());
      out.append(':');
      string(out, entry.getValue());
    }
    return out.append('}').toString();
  }

  static Map<String, String> decode(String json) {
    return new Reader(json).object();
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
                  && i + 1 < s.length()
                  && Character.isLowSurrogate(s.charAt(i + 1))
              || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !paired) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  /** A reader of exactly what {@link #encode} writes, tolerant of whitespace. */
  private static final class Reader {
    private final String text;
    private int at;

    Reader(String text) {
      this.text = text;
    }

    Map<String, String> object() {
      Map<String, String> map = new TreeMap<>();
      expect('{');
      if (peek() == '}') {
        at++;
      } else {
        do {
          String key = string();
          expect(':');
          map.put(key, string());
        } while (next() == ',');
        at--;
        expect('}');
      }
      skipSpace();
      if (at != text.length()) {
        throw malformed();
      }
      return Map.copyOf(map);
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        if (at >= text.length()) {
          throw malformed();
        }
        char c = text.charAt(at++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (at >= text.length()) {
          throw malformed();
        }
        char e = text.charAt(at++);
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (at + 4 > text.length()) {
              throw malformed();
            }
            try {
              out.append((char) HexFormat.fromHexDigits(text, at, at + 4));
            } catch (IllegalArgumentException notHex) {
              throw malformed();
            }
            at += 4;
          }
          default -> throw malformed();
        }
      }
    }

    private void expect(char c) {
      if (next() != c) {
        throw malformed();
      }
    }

    private char next() {
      char c = peek();
      at++;
      return c;
    }

    private char peek() {
      skipSpace();
      if (at >= text.length()) {
        throw malformed();
      }
      return text.charAt(at);
    }

    private void skipSpace() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }

    private IllegalStateException malformed() {
      return new IllegalStateException("stored metadata is not a JSON object of strings");
    }
  }
}
