package dev.silo.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Limits;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.StandardHeaders;
import dev.silo.core.error.ChecksumMismatchException;
import dev.silo.core.multipart.MultipartService;
import dev.silo.core.multipart.MultipartUpload;
import dev.silo.core.object.DeclaredDigest;
import dev.silo.core.write.WritePolicy;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A part streamed into a store's assembly whose body carries a declared digest (Content-MD5, as
 * boto3 sends with every part): a store reads the part's length and may stop there, so the writer
 * reads the body's end itself, where the digest is checked. Without that, the part failed (500).
 */
class DeclaredPartDigestOnMemoryTest {
  private final MemoryWorld world = new MemoryWorld(new MemoryBlobStore());
  private final MultipartService multipart = new MultipartService(world.pipeline());

  @AfterEach
  void close() throws Exception {
    world.close();
  }

  @Test
  void aPartWithAMatchingDeclaredMd5IsStoredAndAMismatchIsRefused() throws Exception {
    RequestContext ctx = world.tenant("declared", Limits.DEFAULT);
    BucketName bucket = world.metadata.inTenant(ctx.tenant(), tx -> WritePolicy.bucket(tx, null));
    ObjectKey key = new ObjectKey("parts.bin");
    MultipartUpload u = multipart.initiate(ctx, bucket, key, "application/octet-stream", Map.of(), StandardHeaders.NONE, null, null, null);
    byte[] data = new byte[100_000];
    Arrays.fill(data, (byte) 'p');
    byte[] md5 = MessageDigest.getInstance("MD5").digest(data);

    String etag = multipart.uploadPart(ctx, bucket, key, u.uploadId(), 1, new Md5Declared(data, md5), (long) data.length).md5();
    assertThat(etag).isEqualTo(HexFormat.of().formatHex(md5));

    byte[] wrong = md5.clone();
    wrong[0] ^= 1;
    assertThatThrownBy(() -> multipart.uploadPart(ctx, bucket, key, u.uploadId(), 2, new Md5Declared(data, wrong), (long) data.length))
        .isInstanceOf(ChecksumMismatchException.class);
  }

  /** A body that checks its MD5 against a declared one when it ends, as the HTTP layer's does. */
  private static final class Md5Declared extends FilterInputStream implements DeclaredDigest {
    private final MessageDigest digest;
    private final byte[] declared;
    private boolean matched;

    Md5Declared(byte[] data, byte[] declared) throws Exception {
      super(new ByteArrayInputStream(data));
      this.digest = MessageDigest.getInstance("MD5");
      this.declared = declared;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0; // as an HTTP body does, even at its end: only a read for bytes finds the end
      }
      int n = super.read(b, off, len);
      if (n > 0) {
        digest.update(b, off, n);
      } else if (n < 0 && !matched) {
        if (!MessageDigest.isEqual(digest.digest(), declared)) {
          throw new ChecksumMismatchException("the body does not match its Content-MD5");
        }
        matched = true;
      }
      return n;
    }

    @Override
    public boolean verifies(String algorithm) {
      return algorithm.equals("MD5");
    }

    @Override
    public byte[] verified(String algorithm) {
      if (!matched) {
        throw new IllegalStateException("not at the end yet");
      }
      return declared.clone();
    }
  }
}
