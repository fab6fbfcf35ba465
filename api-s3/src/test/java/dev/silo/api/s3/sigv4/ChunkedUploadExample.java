package dev.silo.api.s3.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The chunked upload example of the S3 documentation: 66,560 bytes of {@code a} in chunks of
 * 65,536 and 1,024 bytes, then the final empty chunk, each with the signature the document gives.
 */
final class ChunkedUploadExample {
  static final String SECRET = SigV4Test.S3_DOC_SECRET;
  static final String AMZ_DATE = "20130524T000000Z";
  static final String SCOPE = "20130524/us-east-1/s3/aws4_request";
  static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
  static final String CHUNK1 = "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648";
  static final String CHUNK2 = "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497";
  static final String FINAL = "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9";

  private ChunkedUploadExample() {}

  static byte[] body(String sig1, String sig2, String sigFinal, byte second) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] a1 = new byte[65536];
    Arrays.fill(a1, (byte) 'a');
    byte[] a2 = new byte[1024];
    Arrays.fill(a2, (byte) 'a');
    a2[100] = second;
    write(out, "10000;chunk-signature=" + sig1 + "\r\n");
    out.writeBytes(a1);
    write(out, "\r\n400;chunk-signature=" + sig2 + "\r\n");
    out.writeBytes(a2);
    write(out, "\r\n0;chunk-signature=" + sigFinal + "\r\n\r\n");
    return out.toByteArray();
  }

  static AwsChunkedInputStream.Signer signer() {
    return new AwsChunkedInputStream.Signer(SigV4.signingKey(SECRET, "20130524", "us-east-1", "s3"), AMZ_DATE, SCOPE, SEED);
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }
}
