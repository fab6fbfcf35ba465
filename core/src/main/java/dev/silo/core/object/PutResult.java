package dev.silo.core.object;

import dev.silo.core.domain.ObjectInfo;

/** The stored object, and whether it is new (201) or replaced an existing one (200). */
public record PutResult(ObjectInfo object, boolean created) {}
