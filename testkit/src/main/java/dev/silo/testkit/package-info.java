/**
 * Contract suites that every storage implementation extends in its own tests, so that the fs and
 * S3 blob stores, and the metadata stores, are held to one definition of correct behaviour.
 * {@link dev.silo.testkit.PostgresSandbox} gives PostgreSQL runs a fresh schema with the roles of
 * production.
 * {@link dev.silo.testkit.TestCertificates} makes a CA and server certificates for HTTPS tests.
 */
package dev.silo.testkit;
