/**
 * The operator and tenant commands of the {@code silo} CLI ({@code tenant}, {@code key}) that talk
 * to a running Silo over its REST API; they never open the data directory themselves.
 */
package dev.silo.server.cli;
