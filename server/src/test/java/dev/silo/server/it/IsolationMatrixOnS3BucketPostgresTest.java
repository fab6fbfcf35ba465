package dev.silo.server.it;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link IsolationMatrixTest} unchanged on PostgreSQL and S3 with a backend bucket per tenant. */
@ExtendWith({OnPostgres.class, OnS3.BucketPerTenant.class})
class IsolationMatrixOnS3BucketPostgresTest extends IsolationMatrixTest {}
