package dev.silo.core.domain;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Name-value pairs in the form-urlencoded text of a query string ({@code a=1&b=x%20y}): S3's
 * {@code x-amz-tagging} header, and the stored form of tags and lifecycle rules.
 */
final class FormFields {
  private FormFields() {}

  static String encode(Map<String, ?> fields) {
    StringJoiner out = new StringJoiner("&");
    fields.forEach((name, value) -> {
      if (value != null) {
        out.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
      }
    });
    return out.toString();
  }

  /** The pairs in their order, a name given twice included; a pair without {@code =} has an empty value. */
  static List<Map.Entry<String, String>> decode(String text) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    if (text.isEmpty()) {
      return out;
    }
    for (String pair : text.split("&", -1)) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.add(Map.entry(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8)));
    }
    return out;
  }
}
