package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An object's tags, S3's object tagging: up to ten key-value pairs a client sets on a version of
 * an object (and changes without rewriting it), apart from its metadata. Keys 1 to 128 characters,
 * values up to 256, both of letters, digits, spaces and {@code + - = . _ : / @} as S3 allows; the
 * {@code aws:} prefix is S3's own. In their given order.
 */
public record ObjectTags(Map<String, String> tags) {
  public static final ObjectTags NONE = new ObjectTags(Map.of());

  public static final int MAX_TAGS = 10;
  public static final int MAX_KEY = 128;
  public static final int MAX_VALUE = 256;

  private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{N}\\p{Zs}+\\-=._:/@]*");

  public ObjectTags {
    tags = checked(tags, MAX_TAGS, "an object");
  }

  /**
   * {@code tags} as tags hold them, checked as S3 checks both an object's and a bucket's: at most
   * {@code max}, each key 1 to 128 characters and each value up to 256 (a missing value is the empty
   * one), of the allowed characters, no key starting with {@code aws:}. In their given order.
   */
  static Map<String, String> checked(Map<String, String> tags, int max, String holder) {
    Map<String, String> copy = new LinkedHashMap<>();
    tags.forEach((k, v) -> copy.put(k, v == null ? "" : v)); // a tag without a value has the empty one
    if (copy.size() > max) {
      throw invalid(holder + " has at most " + max + " tags");
    }
    for (Map.Entry<String, String> t : copy.entrySet()) {
      String key = t.getKey();
      String value = t.getValue();
      if (key.isEmpty() || key.codePointCount(0, key.length()) > MAX_KEY) {
        throw invalid("a tag key must be 1 to " + MAX_KEY + " characters");
      }
      if (value.codePointCount(0, value.length()) > MAX_VALUE) {
        throw invalid("the value of tag " + key + " is longer than " + MAX_VALUE + " characters");
      }
      if (!ALLOWED.matcher(key).matches() || !ALLOWED.matcher(value).matches()) {
        throw invalid("tag " + key + " has a character tags may not hold (letters, digits, spaces and + - = . _ : / @)");
      }
      if (key.startsWith("aws:")) {
        throw invalid("tag keys starting with aws: are reserved");
      }
    }
    return Collections.unmodifiableMap(copy);
  }

  public boolean isEmpty() {
    return tags.isEmpty();
  }

  public int size() {
    return tags.size();
  }

  /** S3's {@code x-amz-tagging} header, {@code k1=v1&k2=v2} form-urlencoded; null or empty is no tags. */
  public static ObjectTags parse(String header) {
    return header == null || header.isEmpty() ? NONE : new ObjectTags(decode(header));
  }

  /** Tags in their form-urlencoded form, each key once. */
  static Map<String, String> decode(String encoded) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (Map.Entry<String, String> t : FormFields.decode(encoded)) {
      if (tags.put(t.getKey(), t.getValue()) != null) {
        throw invalid("tag " + t.getKey() + " is given twice");
      }
    }
    return tags;
  }

  /** The header's form, which is also the stored form; null for no tags. */
  public String encode() {
    return tags.isEmpty() ? null : FormFields.encode(tags);
  }

  static InvalidInputException invalid(String message) {
    return new InvalidInputException("invalid_tag", message);
  }
}
