/** A tenant's logical buckets: create within max_buckets, list with usage, delete (empty or forced). */
package dev.silo.core.bucket;
