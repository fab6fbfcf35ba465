/**
 * Contract suites that every storage implementation extends in its own tests, so that the fs and
 * S3 blob stores, and the metadata stores, are held to one definition of correct behaviour.
 */
package dev.silo.testkit;
