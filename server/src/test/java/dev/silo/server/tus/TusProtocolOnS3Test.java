package dev.silo.server.tus;

import dev.silo.server.it.OnS3;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link TusProtocolTest} unchanged on S3 (S3Proxy): a store that cannot append, so every chunk
 * is its own blob, recorded as a part and concatenated by streaming on the last byte.
 */
@ExtendWith(OnS3.BucketPerTenant.class)
class TusProtocolOnS3Test extends TusProtocolTest {}
