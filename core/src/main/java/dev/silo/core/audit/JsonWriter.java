package dev.silo.core.audit;

/** A flat JSON object writer for event payloads; the core takes no JSON library. */
final class JsonWriter {
  private final StringBuilder sb = new StringBuilder("{");

  JsonWriter field(String name, String value) {
    name(name);
    if (value == null) {
      sb.append("null");
    } else {
      quote(value);
    }
    return this;
  }

  JsonWriter field(String name, long value) {
    name(name);
    sb.append(value);
    return this;
  }

  JsonWriter field(String name, boolean value) {
    name(name);
    sb.append(value);
    return this;
  }

  private void name(String name) {
    if (sb.length() > 1) {
      sb.append(',');
    }
    quote(name);
    sb.append(':');
  }

  private void quote(String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  @Override
  public String toString() {
    return sb + "}";
  }
}
