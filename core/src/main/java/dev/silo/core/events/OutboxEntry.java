package dev.silo.core.events;

/** One event of the outbox, in commit order ({@code seq}) within its tenant. */
public record OutboxEntry(long seq, String id, String type, String payload) {}
