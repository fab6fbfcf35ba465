package dev.silo.core.credential;

import dev.silo.core.domain.ApiKey;

/** A key just created: the only moment its plaintext exists outside the client. */
public record NewApiKey(ApiKey key, String plaintext) {}
