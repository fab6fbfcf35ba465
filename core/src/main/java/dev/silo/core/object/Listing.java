package dev.silo.core.object;

import dev.silo.core.domain.ObjectInfo;
import java.util.List;

/** One page of a listing: objects, common prefixes, and the cursor of the next page or null. */
public record Listing(List<ObjectInfo> items, List<String> prefixes, String nextCursor) {

  /** A cursor that starts a listing right after {@code key} (S3's marker and start-after). */
  public static String cursorAfter(String key) {
    return ListCursor.after(key).encode();
  }

  /** A cursor that starts a listing past every key beginning with {@code prefix}. */
  public static String cursorPast(String prefix) {
    return ListCursor.pastPrefix(prefix).encode();
  }
}
