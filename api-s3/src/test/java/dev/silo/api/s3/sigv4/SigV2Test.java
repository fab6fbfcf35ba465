package dev.silo.api.s3.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each step of Signature V2 against the examples of the S3 documentation (an object GET, a bucket
 * listing, an upload with x-amz-* headers to a virtual-hosted bucket, a presigned URL); the
 * expected signatures are the documentation's.
 */
class SigV2Test {
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  @Test
  void objectGet() {
    String sts =
        SigV2.stringToSign(
            "GET", null, null, "Tue, 27 Mar 2007 19:36:42 +0000", SigV2.canonicalAmzHeaders(List.of()),
            SigV2.canonicalResource(null, "/johnsmith/photos/puppy.jpg", List.of()));
    assertThat(sts).isEqualTo("GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg");
    assertThat(SigV2.signature(SECRET, sts)).isEqualTo("bWq2s1WEIj+Ydj0vQ697zp+IXMU=");
  }

  @Test
  void listingKeepsOnlySignedSubresources() {
    String resource =
        SigV2.canonicalResource(
            "johnsmith", "/", List.of(Map.entry("prefix", "photos"), Map.entry("max-keys", "50"), Map.entry("marker", "puppy")));
    assertThat(resource).isEqualTo("/johnsmith/");
    String sts = SigV2.stringToSign("GET", null, null, "Tue, 27 Mar 2007 19:42:41 +0000", "", resource);
    assertThat(SigV2.signature(SECRET, sts)).isEqualTo("htDYFYduRNen8P9ZfE/s9SuKy0U=");
    assertThat(SigV2.canonicalResource(null, "/b/k", List.of(Map.entry("uploadId", "u1"), Map.entry("partNumber", "2"), Map.entry("x", "y"))))
        .isEqualTo("/b/k?partNumber=2&uploadId=u1");
    assertThat(SigV2.canonicalResource(null, "/b/k", List.of(Map.entry("uploads", "")))).isEqualTo("/b/k?uploads");
  }

  @Test
  void uploadWithAmzHeadersFoldsRepeatsAndSortsNames() {
    String amz =
        SigV2.canonicalAmzHeaders(
            List.of(
                Map.entry("User-Agent", "curl/7.15.5"),
                Map.entry("x-amz-acl", "public-read"),
                Map.entry("X-Amz-Meta-ReviewedBy", "joe@johnsmith.net"),
                Map.entry("X-Amz-Meta-ReviewedBy", "jane@johnsmith.net"),
                Map.entry("X-Amz-Meta-FileChecksum", "0x02661779"),
                Map.entry("X-Amz-Meta-ChecksumAlgorithm", "crc32")));
    assertThat(amz)
        .isEqualTo(
            "x-amz-acl:public-read\nx-amz-meta-checksumalgorithm:crc32\nx-amz-meta-filechecksum:0x02661779\n"
                + "x-amz-meta-reviewedby:joe@johnsmith.net,jane@johnsmith.net\n");
    String sts =
        SigV2.stringToSign(
            "PUT", "4gJE4saaMU4BqNR0kLY+lw==", "application/x-download", "Tue, 27 Mar 2007 21:06:08 +0000", amz,
            SigV2.canonicalResource("static.johnsmith.net", "/db-backup.dat.gz", List.of()));
    assertThat(SigV2.signature(SECRET, sts)).isEqualTo("ilyl83RwaSoYIEdixDQcA4OnAnc=");
  }

  @Test
  void presignedUrlSignsExpiresInPlaceOfTheDate() {
    String sts =
        SigV2.stringToSign(
            "GET", null, null, "1175139620", "",
            SigV2.canonicalResource(
                null, "/johnsmith/photos/puppy.jpg",
                List.of(Map.entry("AWSAccessKeyId", "AKIAIOSFODNN7EXAMPLE"), Map.entry("Expires", "1175139620"))));
    assertThat(SigV2.signature(SECRET, sts)).isEqualTo("NpgCjnDzrM+WFzoENXmpNDUsSn8=");
  }

  @Test
  void theResourceVariantsClientsSignForOneRequest() {
    List<Map.Entry<String, String>> listV2 = List.of(Map.entry("list-type", "2"), Map.entry("prefix", "v2/"));
    // the specification's, the bucket with its slash (botocore today), the fixed query first (older botocore)
    assertThat(SigV2.canonicalResources(null, "/boto", listV2, true)).contains("/boto", "/boto/", "/boto?list-type=2");
    assertThat(SigV2.canonicalResources(null, "/boto", List.of(Map.entry("uploads", "")), true))
        .contains("/boto?uploads", "/boto/?uploads", "/boto?uploads?uploads");
    assertThat(SigV2.canonicalResources(null, "/boto/k", List.of(Map.entry("partNumber", "2")), false))
        .contains("/boto/k?partNumber=2")
        .allSatisfy(r -> assertThat(r).startsWith("/boto/k?partNumber=2"));
  }

  @Test
  void comparisonIsExact() {
    assertThat(SigV2.matches("NpgCjnDzrM+WFzoENXmpNDUsSn8=", "NpgCjnDzrM+WFzoENXmpNDUsSn8=")).isTrue();
    assertThat(SigV2.matches("NpgCjnDzrM+WFzoENXmpNDUsSn8=", "npgCjnDzrM+WFzoENXmpNDUsSn8=")).isFalse();
    assertThat(SigV2.matches("NpgCjnDzrM+WFzoENXmpNDUsSn8=", null)).isFalse();
  }
}
