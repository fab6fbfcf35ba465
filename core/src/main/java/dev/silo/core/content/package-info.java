/**
 * What Silo understands of an object's content: the bounded CSV/TSV preview with time-series
 * detection, and image transforms behind the {@link dev.silo.core.content.ImageEngine} port.
 * Everything here reads through {@link dev.silo.core.object.ObjectService}, so authorization and
 * tenant isolation are the object API's own.
 */
package dev.silo.core.content;
