package dev.silo.core.signing;

import java.time.Instant;

/** A URL usable without any other credential until it expires. */
public record SignedLink(String url, Instant expiresAt) {}
