/**
 * Small objects kept inline: their bytes are a row of the metadata store, written in the
 * publishing transaction, instead of a file of the blob store.
 */
package dev.silo.core.inline;
