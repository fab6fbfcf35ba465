package dev.silo.core.spi;

/** The repositories of one tenant inside one transaction. */
public interface TenantTx {
  TenantRecords tenant();

  BucketRepository buckets();

  ObjectRepository objects();

  /** Noncurrent versions and delete markers (the current version is in {@link #objects}). */
  VersionRepository versions();

  ApiKeyRepository keys();

  CleanupRepository cleanup();

  JournalRepository journal();

  S3CredentialRepository s3Credentials();

  MultipartRepository multipart();

  ResumableRepository resumable();

  WebhookRepository webhooks();

  OutboxRepository outbox();

  TenantKeyRepository dataKeys();
  InlineBlobRepository inline();
}
