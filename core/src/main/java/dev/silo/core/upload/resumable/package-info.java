/**
 * Resumable uploads (the TUS protocol's model): an upload's state lives in the metadata store, its
 * bytes grow in an appendable blob or as one blob per chunk, and the last byte publishes an
 * ordinary object through {@link dev.silo.core.object.ObjectService}.
 */
package dev.silo.core.upload.resumable;
