package dev.silo.api.s3;

import dev.silo.api.s3.sigv4.AwsChunkedInputStream;
import dev.silo.core.domain.Checksum;
import dev.silo.core.domain.ChecksumAlgorithm;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.object.ChecksummingBody;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An upload body checked against the additional checksum its client declared ({@link
 * ChecksumAlgorithm}), in a header, known before the first byte, or in the aws-chunked body's
 * trailer, known after the last. The checksum is computed as in every {@link ChecksummingBody}; a
 * mismatch fails the body's end with {@code 400 BadDigest}, so the upload it feeds stores nothing,
 * as S3 answers, and a match is the checksum the object keeps.
 */
final class ChecksummedBody extends ChecksummingBody {
  private final Supplier<Optional<String>> declared;

  private ChecksummedBody(InputStream in, ChecksumAlgorithm algorithm, Supplier<Optional<String>> declared) {
    super(in, algorithm);
    this.declared = declared;
  }

  /**
   * {@code body} checked against the checksum the request declares, or {@code body} itself when it
   * declares none. {@code chunked} is the aws-chunked decoding under it, whose trailer may carry
   * the value; null for a body sent as it is. A header value that cannot be the algorithm's, more
   * than one checksum, or a trailer named for a body that has none is 400 before any byte is read.
   */
  static InputStream of(S3Exchange ex, InputStream body, AwsChunkedInputStream chunked) {
    if (ex.method().equals("POST") && ex.query("uploadId").isPresent()) {
      return body; // CompleteMultipartUpload: its checksum headers are the whole object's, not its document's
    }
    Optional<ChecksumAlgorithm> inTrailer = ex.header("x-amz-trailer").flatMap(ChecksumAlgorithm::ofHeader);
    Optional<InputStream> declared = declared(ex, body, ex::header, inTrailer.isPresent() ? 1 : 0);
    if (declared.isPresent()) {
      return declared.get();
    }
    if (inTrailer.isPresent()) {
      ChecksumAlgorithm a = inTrailer.get();
      if (chunked == null || !chunked.hasTrailer()) {
        throw new InvalidInputException("invalid_checksum", "x-amz-trailer names a checksum, but the body is not aws-chunked with a trailer");
      }
      return remembered(ex, new ChecksummedBody(body, a, () -> chunked.trailer(a.header())));
    }
    return body;
  }

  /** A form upload's file, checked against the checksum field the form carries (x-amz-checksum-crc32…), as a PutObject's body against its header. */
  static InputStream ofForm(S3Exchange ex, InputStream file, PostForm form) {
    return declared(ex, file, name -> form.field(name.toLowerCase(java.util.Locale.ROOT)), 0).orElse(file);
  }

  /**
   * {@code body} checked against the one checksum {@code value} names ({@code x-amz-checksum-<algorithm>}),
   * if any; {@code others} more declared elsewhere. A value that cannot be the algorithm's is 400 at once.
   */
  private static Optional<InputStream> declared(
      S3Exchange ex, InputStream body, java.util.function.Function<String, Optional<String>> value, int others) {
    List<ChecksumAlgorithm> named = new ArrayList<>();
    for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
      if (value.apply(a.header()).isPresent()) {
        named.add(a);
      }
    }
    if (named.size() + others > 1) {
      throw new InvalidInputException("invalid_checksum", "expecting a single x-amz-checksum- header or trailer");
    }
    if (named.isEmpty()) {
      return Optional.empty();
    }
    ChecksumAlgorithm a = named.getFirst();
    String v = value.apply(a.header()).orElseThrow();
    decode(a, v); // refused now, before the body is read
    return Optional.of(remembered(ex, new ChecksummedBody(body, a, () -> Optional.of(v))));
  }

  private static InputStream remembered(S3Exchange ex, ChecksummedBody body) {
    ex.checksummed(body);
    return body;
  }

  private static byte[] decode(ChecksumAlgorithm a, String value) {
    byte[] bytes = Checksum.decoded(a, value);
    if (bytes == null) {
      throw new InvalidInputException("invalid_checksum", "value for " + a.header() + " is invalid");
    }
    return bytes;
  }

  @Override
  protected void check(byte[] computed) {
    String value = declared.get()
        .orElseThrow(() -> new InvalidInputException("invalid_checksum", "the trailer " + algorithm().header() + " was not sent"));
    if (!MessageDigest.isEqual(decode(algorithm(), value), computed)) {
      throw new InvalidInputException("bad_digest", "the body does not match its " + algorithm().header() + "; nothing was stored");
    }
  }

  /** The header and value (base64) S3 answers an upload with, once the body ended and matched them. */
  Optional<String[]> answer() {
    return checksum().map(c -> new String[] {algorithm().header(), c.value()});
  }
}
