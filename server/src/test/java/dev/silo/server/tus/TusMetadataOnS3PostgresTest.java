package dev.silo.server.tus;

import dev.silo.server.it.OnPostgres;
import dev.silo.server.it.OnS3;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link TusMetadataTest} on PostgreSQL and S3, where a resumable upload is assembled from the
 * store's multipart parts and adopted, not appended.
 */
@ExtendWith({OnPostgres.class, OnS3.SharedPrefix.class})
class TusMetadataOnS3PostgresTest extends TusMetadataTest {}
