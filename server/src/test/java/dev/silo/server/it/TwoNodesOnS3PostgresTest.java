package dev.silo.server.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link TwoNodesOnPostgresTest} in production shape: both nodes on one PostgreSQL schema and one
 * S3 backend (S3Proxy, a bucket per tenant), so a signed URL issued by A is served by B.
 */
@ExtendWith(OnS3.BucketPerTenant.class)
class TwoNodesOnS3PostgresTest extends TwoNodesOnPostgresTest {
  @Override
  boolean blobsShared() {
    return true;
  }
}
