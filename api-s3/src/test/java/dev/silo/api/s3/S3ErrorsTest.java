package dev.silo.api.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.core.error.UnavailableException;
import org.junit.jupiter.api.Test;

class S3ErrorsTest {
  @Test
  void tooMuchAtOnceIsSlowDownWhichTheSdksRetry() {
    S3Errors.Mapped m = S3Errors.map(UnavailableException.slowDown("too many listings at once; retry shortly"));
    assertThat(m.status()).isEqualTo(503);
    assertThat(m.code()).isEqualTo("SlowDown");
  }

  @Test
  void aBackendThatIsDownIsServiceUnavailable() {
    S3Errors.Mapped m = S3Errors.map(new UnavailableException("the blob store cannot be reached"));
    assertThat(m.status()).isEqualTo(503);
    assertThat(m.code()).isEqualTo("ServiceUnavailable");
  }
}
