/** The runnable Silo: configuration, wiring of stores, services and protocols, the CLI entry point. */
package dev.silo.server;
