package dev.silo.core.lifecycle;

import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.TenantId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each lifecycle rule's walks of its bucket stopped ({@code P}: a key, or a version's
 * place), for the next pass to go on from. A pass stages the places it reaches and keeps them once
 * its transactions are over: a transaction tried again stages anew, and a pass that fails keeps
 * nothing, so the walk reads that stretch again rather than skip it.
 */
final class Walks<P> {
  /** One walk: a rule's (or one of its actions') of a tenant's bucket. */
  record Walk(TenantId tenant, BucketName bucket, String name) {}

  private final Map<Walk, P> at = new ConcurrentHashMap<>();

  Pass pass() {
    return new Pass();
  }

  final class Pass {
    private final Map<Walk, Optional<P>> staged = new HashMap<>();

    /** A bucket's transaction begins (again): what an earlier try staged for it goes. */
    void begin(TenantId tenant, BucketName bucket) {
      staged.keySet().removeIf(w -> w.tenant().equals(tenant) && w.bucket().equals(bucket));
    }

    /** Where the walk goes on; null: from the start. */
    P from(Walk walk) {
      return at.get(walk);
    }

    /** The walk reached {@code place}; null: its end, so the next pass starts over. */
    void reached(Walk walk, P place) {
      staged.put(walk, Optional.ofNullable(place));
    }

    /** Keeps what the pass reached. */
    void keep() {
      staged.forEach((walk, place) -> place.ifPresentOrElse(p -> at.put(walk, p), () -> at.remove(walk)));
    }
  }
}
