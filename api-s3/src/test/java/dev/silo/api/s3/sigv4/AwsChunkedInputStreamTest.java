package dev.silo.api.s3.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.UnauthenticatedException;
import dev.silo.http.DigestCheckingInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AwsChunkedInputStreamTest {
  @Test
  void theDocumentedChunkedUploadDecodesWithEveryChunkSignatureVerified() throws Exception {
    byte[] body = ChunkedUploadExample.body(ChunkedUploadExample.CHUNK1, ChunkedUploadExample.CHUNK2, ChunkedUploadExample.FINAL, (byte) 'a');
    assertThat(body).hasSize(66824);
    byte[] decoded = new AwsChunkedInputStream(new ByteArrayInputStream(body), ChunkedUploadExample.signer(), false).readAllBytes();
    byte[] expected = new byte[66560];
    Arrays.fill(expected, (byte) 'a');
    assertThat(decoded).isEqualTo(expected);
  }

  @Test
  void anAlteredByteFailsItsChunk() {
    byte[] body = ChunkedUploadExample.body(ChunkedUploadExample.CHUNK1, ChunkedUploadExample.CHUNK2, ChunkedUploadExample.FINAL, (byte) 'b');
    InputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(body), ChunkedUploadExample.signer(), false);
    assertThatThrownBy(in::readAllBytes).isInstanceOf(UnauthenticatedException.class)
        .extracting(e -> ((UnauthenticatedException) e).code()).isEqualTo("signature_mismatch");
  }

  @Test
  void swappedOrForgedSignaturesFail() {
    byte[] swapped = ChunkedUploadExample.body(ChunkedUploadExample.CHUNK2, ChunkedUploadExample.CHUNK1, ChunkedUploadExample.FINAL, (byte) 'a');
    assertThatThrownBy(() -> new AwsChunkedInputStream(new ByteArrayInputStream(swapped), ChunkedUploadExample.signer(), false).readAllBytes())
        .isInstanceOf(UnauthenticatedException.class);
    byte[] badFinal = ChunkedUploadExample.body(ChunkedUploadExample.CHUNK1, ChunkedUploadExample.CHUNK2, ChunkedUploadExample.CHUNK2, (byte) 'a');
    assertThatThrownBy(() -> new AwsChunkedInputStream(new ByteArrayInputStream(badFinal), ChunkedUploadExample.signer(), false).readAllBytes())
        .isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void aTruncatedBodyFails() {
    byte[] body = ChunkedUploadExample.body(ChunkedUploadExample.CHUNK1, ChunkedUploadExample.CHUNK2, ChunkedUploadExample.FINAL, (byte) 'a');
    byte[] cut = Arrays.copyOf(body, 70000 - 4000);
    assertThatThrownBy(() -> new AwsChunkedInputStream(new ByteArrayInputStream(cut), ChunkedUploadExample.signer(), false).readAllBytes())
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void unsignedChunksWithATrailerDecode() throws Exception {
    String body = "5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n";
    byte[] decoded =
        new AwsChunkedInputStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)), null, true).readAllBytes();
    assertThat(new String(decoded, StandardCharsets.US_ASCII)).isEqualTo("hello world");
  }

  @Test
  void aPlainBodyIsCheckedAgainstItsDeclaredSha256AtItsEnd() throws Exception {
    byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(data);
    assertThat(new DigestCheckingInputStream(new ByteArrayInputStream(data), "SHA-256", sha, "content_sha256_mismatch").readAllBytes())
        .isEqualTo(data);
    byte[] other = HexFormat.of().parseHex(SigV4.EMPTY_SHA256);
    assertThatThrownBy(() -> new DigestCheckingInputStream(new ByteArrayInputStream(data), "SHA-256", other, "content_sha256_mismatch").readAllBytes())
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).code()).isEqualTo("content_sha256_mismatch");
  }
}
