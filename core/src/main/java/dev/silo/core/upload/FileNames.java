package dev.silo.core.upload;

import java.text.Normalizer;

/** Turns a client's file name into a safe last key segment. */
public final class FileNames {
  private FileNames() {}

  public static String sanitize(String filename) {
    if (filename == null) {
      return "file";
    }
    String base = filename.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1);
    base = Normalizer.normalize(base, Normalizer.Form.NFC);
    StringBuilder sb = new StringBuilder();
    base.codePoints()
        .forEach(
            c -> {
              if (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_') {
                sb.appendCodePoint(c);
              } else {
                sb.append('_');
              }
            });
    String s = sb.toString().replaceAll("^\\.+", "");
    if (s.length() > 200) {
      s = s.substring(s.length() - 200);
    }
    return s.isEmpty() ? "file" : s;
  }
}
