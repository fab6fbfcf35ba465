package dev.silo.core.multipart;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * How S3 names an object made of parts: the digest of the parts' binary digests, in order, dash,
 * how many ({@code md5-of-part-md5s-N} for the ETag; Silo's composite SHA-256 the same way). Used
 * by S3 multipart uploads and by TUS concatenation, whose objects are identified alike.
 */
public final class PartDigests {
  private PartDigests() {}

  /** The {@code algorithm} digest of the hex digests given, dash, their count. */
  public static String of(String algorithm, List<String> hexDigests) {
    try {
      MessageDigest digest = MessageDigest.getInstance(algorithm);
      for (String hex : hexDigests) {
        digest.update(HexFormat.of().parseHex(hex));
      }
      return HexFormat.of().formatHex(digest.digest()) + "-" + hexDigests.size();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
