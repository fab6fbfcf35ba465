/**
 * In-memory {@link dev.silo.core.spi.MetadataStore} and {@link dev.silo.core.spi.BlobStore} for
 * fast tests of the services. They pass the same contract suites as the real stores: a unit of
 * work runs under one lock per store on a copy of the tables that replaces them only when the work
 * returns, so work that throws leaves nothing and concurrent writers are serialised; every tenant
 * repository filters its rows on the bound tenant, as the JDBC store's statements do.
 *
 * <p>To add a repository method: add the rows it needs to {@link dev.silo.testkit.memory.Tables}
 * (and to its {@code copy}), then implement it in that repository's class.
 */
package dev.silo.testkit.memory;
