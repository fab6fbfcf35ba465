package dev.silo.core.object;

import dev.silo.core.domain.Acl;
import java.util.Map;

/** A metadata update; a null field is left unchanged, an empty folder clears it. */
public record InfoPatch(Acl acl, String folder, Map<String, String> metadata) {}
