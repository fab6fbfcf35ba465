/**
 * A load generator for a running Silo: streams one large object up and down and times many small
 * ones under concurrency, through the public REST API only. Not part of the test suite.
 */
package dev.silo.bench;
