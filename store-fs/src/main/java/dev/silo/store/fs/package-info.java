/**
 * The filesystem {@link dev.silo.core.spi.BlobStore}: one file per blob under a root directory,
 * written through a temp file and an atomic rename so a crash never leaves a partial blob under
 * its final name. {@link dev.silo.store.fs.SafePath} is the only place a path is built from a
 * name.
 */
package dev.silo.store.fs;
