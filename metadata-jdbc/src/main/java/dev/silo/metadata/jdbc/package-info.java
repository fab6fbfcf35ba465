/**
 * The metadata store over JDBC: one implementation of {@link dev.silo.core.spi.MetadataStore} for
 * SQLite and PostgreSQL, whose few differences live in {@code Dialect} and whose schema is a single
 * set of Flyway migrations.
 */
package dev.silo.metadata.jdbc;
