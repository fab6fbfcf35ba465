package dev.silo.server.tus;

import dev.silo.server.it.OnS3;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link TusEncryptionSettingChangeTest} on S3 (S3Proxy): an assembly keeps the form of its first part. */
@ExtendWith(OnS3.BucketPerTenant.class)
class TusEncryptionSettingChangeOnS3Test extends TusEncryptionSettingChangeTest {}
