/** Objects: the streaming write path, atomic publication, reads with ranges and conditions, listing. */
package dev.silo.core.object;
