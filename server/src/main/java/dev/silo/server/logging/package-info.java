/** Logging set up in code at start-up: key=value lines with request id and tenant. */
package dev.silo.server.logging;
