/** Signed URLs: keys derived from the master key, tokens pinned to tenant, bucket, key, method and expiry. */
package dev.silo.core.signing;
