package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Rules for user metadata and folders: bounded, printable, lower-case names. */
public final class UserMetadata {
  public static final int MAX_TOTAL_BYTES = 8192;

  private UserMetadata() {}

  public static Map<String, String> validate(Map<String, String> metadata) {
    if (metadata == null) {
      return Map.of();
    }
    Map<String, String> out = new TreeMap<>();
    int total = 0;
    for (var e : metadata.entrySet()) {
      String name = e.getKey() == null ? "" : e.getKey().toLowerCase(Locale.ROOT);
      if (!name.matches("[a-z0-9_.-]{1,128}")) {
        throw new InvalidInputException(
            "invalid_metadata", "metadata names must match [a-z0-9_.-]{1,128}");
      }
      String value = e.getValue() == null ? "" : e.getValue();
      if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new InvalidInputException(
            "invalid_metadata", "metadata values must not contain control characters");
      }
      total += name.length() + value.getBytes(StandardCharsets.UTF_8).length;
      out.put(name, value);
    }
    if (total > MAX_TOTAL_BYTES) {
      throw new InvalidInputException("invalid_metadata", "metadata is larger than 8 KiB");
    }
    return Map.copyOf(out);
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
