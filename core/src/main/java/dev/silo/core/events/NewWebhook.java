package dev.silo.core.events;

/** A webhook just created, with its signing secret: the only time the secret is shown. */
public record NewWebhook(Webhook webhook, String secret) {}
