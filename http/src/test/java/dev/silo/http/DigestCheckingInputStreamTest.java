package dev.silo.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.error.InvalidInputException;
import dev.silo.core.object.DeclaredDigest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * A checked body hands its digest to the writer only once it has been read to its end and
 * matched; a Content-MD5 check around a signed-payload check answers for both algorithms.
 */
class DigestCheckingInputStreamTest {
  private static final byte[] BODY = "the body of an upload".getBytes();

  @Test
  void theCheckedDigestsAreHandedOverOnlyAfterTheEnd() throws Exception {
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(BODY);
    byte[] md5 = MessageDigest.getInstance("MD5").digest(BODY);
    InputStream signed = new DigestCheckingInputStream(new ByteArrayInputStream(BODY), "SHA-256", sha, "content_sha256_mismatch");
    InputStream both = DigestCheckingInputStream.contentMd5(Base64.getEncoder().encodeToString(md5), signed);

    DeclaredDigest declared = (DeclaredDigest) both;
    assertThat(declared.verifies("SHA-256")).isTrue();
    assertThat(declared.verifies("MD5")).isTrue();
    assertThatThrownBy(() -> declared.verified("MD5")).isInstanceOf(IllegalStateException.class);

    both.transferTo(OutputStream.nullOutputStream());

    assertThat(declared.verified("SHA-256")).isEqualTo(sha);
    assertThat(declared.verified("MD5")).isEqualTo(md5);
  }

  @Test
  void aMismatchFailsAtTheEndAndHandsNothingOver() {
    byte[] wrong = new byte[32];
    DigestCheckingInputStream in = new DigestCheckingInputStream(new ByteArrayInputStream(BODY), "SHA-256", wrong, "content_sha256_mismatch");

    assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream())).isInstanceOf(InvalidInputException.class);
    assertThat(in.verifies("MD5")).isFalse();
    assertThatThrownBy(() -> in.verified("SHA-256")).isInstanceOf(IllegalStateException.class);
  }
}
