package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The one rule for user metadata, whatever protocol carries it (REST {@code X-Silo-Meta-*}, S3
 * {@code x-amz-meta-*}, TUS {@code Upload-Metadata}, presigned upload requests, metadata
 * updates): lower-case names of {@code [a-z0-9_.-]}, values without control characters, at most
 * {@link #MAX_TOTAL_BYTES} of names and values together (UTF-8 bytes, as S3 counts) and at most
 * {@link #MAX_ENTRIES} entries. The entry limit is Silo's own: every entry becomes one response
 * header, and clients refuse responses with too many (Python's http.client stops at 100 headers).
 * Names starting {@code silo-} or {@code x-silo-} are reserved: Silo's own facts are never user
 * metadata, and a client must not be able to pass one off as such.
 */
public final class UserMetadata {
  public static final int MAX_TOTAL_BYTES = 2048;
  public static final int MAX_ENTRIES = 64;

  private static final Pattern NAME = Pattern.compile("[a-z0-9_.-]{1,128}");

  private UserMetadata() {}

  public static Map<String, String> validate(Map<String, String> metadata) {
    if (metadata == null) {
      return Map.of();
    }
    if (metadata.size() > MAX_ENTRIES) {
      throw tooLarge();
    }
    Map<String, String> out = new TreeMap<>();
    int total = 0;
    for (var e : metadata.entrySet()) {
      String name = e.getKey() == null ? "" : e.getKey().toLowerCase(Locale.ROOT);
      if (!NAME.matcher(name).matches()) {
        throw new InvalidInputException(
            "invalid_metadata", "metadata names must match [a-z0-9_.-]{1,128}");
      }
      if (name.startsWith("silo-") || name.startsWith("x-silo-")) {
        throw new InvalidInputException(
            "invalid_metadata", "metadata names starting with silo- or x-silo- are reserved");
      }
      String value = e.getValue() == null ? "" : e.getValue();
      if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new InvalidInputException(
            "invalid_metadata", "metadata values must not contain control characters");
      }
      total += name.length() + value.getBytes(StandardCharsets.UTF_8).length;
      if (out.put(name, value) != null) {
        throw new InvalidInputException("invalid_metadata", "metadata names " + name + " twice");
      }
    }
    if (total > MAX_TOTAL_BYTES) {
      throw tooLarge();
    }
    return Map.copyOf(out);
  }

  /**
   * Whether stored metadata is within today's limits. Objects written before them (up to 8 KiB,
   * any number of entries) may not be: protocols then leave the entries out of response headers,
   * which could not hold them, and say how many are missing, as S3 does with {@code
   * x-amz-missing-meta}; the JSON views still show them all.
   */
  public static boolean fitsHeaders(Map<String, String> stored) {
    if (stored.size() > MAX_ENTRIES) {
      return false;
    }
    int total = 0;
    for (var e : stored.entrySet()) {
      total += e.getKey().length() + e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    return total <= MAX_TOTAL_BYTES;
  }

  private static InvalidInputException tooLarge() {
    return new InvalidInputException(
        "metadata_too_large",
        "user metadata is limited to " + MAX_ENTRIES + " entries and " + MAX_TOTAL_BYTES
            + " bytes of names and values (UTF-8)");
  }

  public static String validateFolder(String folder) {
    if (folder == null || folder.isEmpty()) {
      return null;
    }
    if (folder.length() > 512 || folder.startsWith("/")
        || folder.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')
        || ("/" + folder + "/").contains("/../")) {
      throw new InvalidInputException("invalid_folder", "invalid folder");
    }
    return folder;
  }
}
