/** The sealed tree of errors the core raises; no HTTP status codes here, each protocol maps them once. */
package dev.silo.core.error;
