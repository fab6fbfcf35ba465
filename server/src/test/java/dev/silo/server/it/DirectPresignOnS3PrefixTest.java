package dev.silo.server.it;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link DirectPresignFlow} with one shared bucket and a prefix per tenant. */
@ExtendWith(OnS3.SharedPrefix.class)
class DirectPresignOnS3PrefixTest extends DirectPresignFlow {}
