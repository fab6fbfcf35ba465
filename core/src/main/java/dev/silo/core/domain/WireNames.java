package dev.silo.core.domain;

import java.util.Optional;

/** The constant of an enum that a request names, as S3 spells them: case aside, spaces around ignored. */
final class WireNames {
  private WireNames() {}

  static <E extends Enum<E>> Optional<E> find(Class<E> type, String name) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(name.strip())) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
