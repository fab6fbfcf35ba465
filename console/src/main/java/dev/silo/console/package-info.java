/**
 * The web console: static HTML, CSS and ES modules, packaged into the jar as they are written and
 * served under {@code /console/} on the REST port. The console is a client of the public REST API
 * and TUS like any other; this package only hands out its files, each with a strict
 * Content-Security-Policy, and sends a browser that opens {@code /} there.
 */
package dev.silo.console;
