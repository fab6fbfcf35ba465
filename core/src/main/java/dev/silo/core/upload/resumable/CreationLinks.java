package dev.silo.core.upload.resumable;

/** Builds the absolute TUS creation URL for a signed upload token; the server knows its base. */
@FunctionalInterface
public interface CreationLinks {
  String creationUrl(String token);
}
