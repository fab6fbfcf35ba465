package dev.silo.core.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a bucket's lifecycle walks stopped, kept on the bucket so that a restart, or another node,
 * goes on from there rather than from the first key: by walk (a rule's walk of the keys, of the
 * versions, of the delete markers), the place the next stretch starts after. Written in the
 * transaction that removed what the stretch found, so a place is never ahead of the work done.
 */
public record LifecycleWalks(Map<String, String> places) {
  public static final LifecycleWalks NONE = new LifecycleWalks(Map.of());

  public LifecycleWalks {
    places = Map.copyOf(places);
  }

  /** Where {@code walk} goes on; null: from the start. */
  public String at(String walk) {
    return places.get(walk);
  }

  /** With {@code walk} at {@code place}; null: the walk reached its end and starts over. */
  public LifecycleWalks with(String walk, String place) {
    Map<String, String> next = new LinkedHashMap<>(places);
    if (place == null) {
      next.remove(walk);
    } else {
      next.put(walk, place);
    }
    return new LifecycleWalks(next);
  }

  /** The stored form, form-urlencoded; null for none. */
  public String encode() {
    return places.isEmpty() ? null : FormFields.encode(new java.util.TreeMap<>(places));
  }

  public static LifecycleWalks decode(String stored) {
    if (stored == null || stored.isEmpty()) {
      return NONE;
    }
    Map<String, String> places = new LinkedHashMap<>();
    FormFields.decode(stored).forEach(e -> places.put(e.getKey(), e.getValue()));
    return new LifecycleWalks(places);
  }
}
