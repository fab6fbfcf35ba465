/**
 * The one write pipeline (see docs/write-path.md): {@link dev.silo.core.write.WritePolicy} holds
 * every rule a write must pass, including the reservation of bytes accepted into unfinished
 * uploads; {@link dev.silo.core.write.Publisher} is the one transaction that makes an object
 * current. Every protocol's upload service feeds a stream or parts into them and keeps no rule
 * of its own.
 */
package dev.silo.core.write;
