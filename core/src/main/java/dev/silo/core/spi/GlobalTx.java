package dev.silo.core.spi;

/** Operator-level repositories inside one transaction. */
public interface GlobalTx {
  TenantRepository tenants();

  ApiKeyLookup apiKeys();

  CleanupRepository.Global cleanup();

  JournalRepository.Global journal();

  S3CredentialRepository.Lookup s3Credentials();

  ResumableRepository.Global resumable();

  WebhookQueue webhookQueue();

  LifecycleRepository lifecycle();
}
