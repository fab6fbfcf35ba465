/** Housekeeping of a long-running Silo: expiring tmp objects and abandoned uploads, idle S3 keys, usage drift. */
package dev.silo.core.lifecycle;
