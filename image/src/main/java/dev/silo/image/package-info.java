/**
 * Image engines behind the core's {@link dev.silo.core.content.ImageEngine} port: libvips bound
 * through Java's foreign-function API (the fast path, all four output formats), an ImageIO
 * fallback for machines without libvips (JPEG and PNG only), and the bounded on-disk cache of
 * transformed results.
 */
package dev.silo.image;
