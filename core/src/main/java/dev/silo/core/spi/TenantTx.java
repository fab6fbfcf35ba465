package dev.silo.core.spi;

/** The repositories of one tenant inside one transaction. */
public interface TenantTx {
  TenantRecords tenant();

  BucketRepository buckets();

  ObjectRepository objects();

  ApiKeyRepository keys();

  CleanupRepository cleanup();

  JournalRepository journal();

  S3CredentialRepository s3Credentials();

  MultipartRepository multipart();

  ResumableRepository resumable();

  WebhookRepository webhooks();

  OutboxRepository outbox();

  InlineBlobRepository inline();
}
