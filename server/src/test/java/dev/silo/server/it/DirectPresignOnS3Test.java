package dev.silo.server.it;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link DirectPresignFlow} with a backend bucket per tenant. */
@ExtendWith(OnS3.BucketPerTenant.class)
class DirectPresignOnS3Test extends DirectPresignFlow {}
