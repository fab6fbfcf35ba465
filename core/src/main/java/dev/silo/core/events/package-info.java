/**
 * Who must hear about a change: webhook endpoints and their deliveries (from the outbox the
 * journal writes in each change's transaction), and the event stream read from the same outbox.
 */
package dev.silo.core.events;
