package dev.silo.core.object;

import dev.silo.core.domain.ObjectInfo;
import java.util.List;

/** One page of a listing: objects, common prefixes, and the cursor of the next page or null. */
public record Listing(List<ObjectInfo> items, List<String> prefixes, String nextCursor) {}
