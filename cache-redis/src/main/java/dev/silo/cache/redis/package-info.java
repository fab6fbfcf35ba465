/**
 * An optional cache of committed object metadata (lookups by bucket and key, by id, and listing
 * pages) in Redis, shared by every Silo node, wrapped around any {@link
 * dev.silo.core.spi.MetadataStore}. Invalidation is by generation counters that writes bump after
 * they commit; Redis being away only makes Silo uncached.
 */
package dev.silo.cache.redis;
