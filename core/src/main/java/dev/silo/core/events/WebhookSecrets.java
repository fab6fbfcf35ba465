package dev.silo.core.events;

import dev.silo.core.support.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Webhook signing secrets and signatures in the Standard Webhooks scheme. A secret is derived from
 * the master key and the endpoint's id ({@code whsec_} + base64 of 32 bytes), so it is shown once
 * at creation and never stored: a database leak reveals none.
 */
public final class WebhookSecrets {
  private final byte[] key;

  public WebhookSecrets(byte[] masterKey) {
    this.key = Hashing.hmacSha256(masterKey, "silo/webhook-secret/v1");
  }

  /** The secret the receiver verifies with. */
  public String secretOf(String webhookId) {
    return "whsec_" + Base64.getEncoder().encodeToString(rawKey(webhookId));
  }

  /** {@code v1,<base64 HMAC-SHA256 over "<id>.<timestamp>.<body>">}, the {@code webhook-signature} value. */
  public String sign(String webhookId, String eventId, long timestampSeconds, String body) {
    return signature(rawKey(webhookId), eventId, timestampSeconds, body);
  }

  /** The Standard Webhooks signature with the raw key (the base64 part of the secret, decoded). */
  public static String signature(byte[] rawKey, String eventId, long timestampSeconds, String body) {
    byte[] mac = Hashing.hmacSha256(rawKey, (eventId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
    return "v1," + Base64.getEncoder().encodeToString(mac);
  }

  private byte[] rawKey(String webhookId) {
    return Hashing.hmacSha256(key, webhookId);
  }
}
