/**
 * The seams under the core: {@link dev.silo.core.spi.BlobStore} for bytes, {@link
 * dev.silo.core.spi.MetadataStore} for rows. Implementations live in their own modules and pass
 * the contract suites of the testkit.
 */
package dev.silo.core.spi;
