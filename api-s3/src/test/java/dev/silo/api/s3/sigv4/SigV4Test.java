package dev.silo.api.s3.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Each step of Signature V4 against AWS's published examples: the {@code get-vanilla} case of the
 * SigV4 test suite, and the examples of the S3 documentation (GET with a range, a presigned URL,
 * and the seed of a chunked upload). The expected values are the documents'.
 */
class SigV4Test {
  static final String SUITE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  static final String S3_DOC_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  static Map.Entry<String, String> p(String k, String v) {
    return new AbstractMap.SimpleImmutableEntry<>(k, v);
  }

  static String sign(String secret, String date, String region, String service, String amzDate, String canonicalRequest) {
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    return SigV4.signature(SigV4.signingKey(secret, date, region, service), SigV4.stringToSign(amzDate, scope, canonicalRequest));
  }

  @Test
  void headerValuesAreTrimmedAndTheirInnerRunsOfSpacesCollapsedAsInTheSuitesGetHeaderValueTrim() {
    Map<String, List<String>> headers =
        Map.of("my-header1", List.of(" value1"), "my-header2", List.of(" \"a   b   c\"  "), "x-amz-date", List.of("20150830T123600Z"));
    assertThat(SigV4.canonicalHeaders(List.of("my-header1", "my-header2", "x-amz-date"), headers::get))
        .isEqualTo("my-header1:value1\nmy-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n");
    assertThat(SigV4.trimAll("a  b\t c")).isEqualTo("a b\t c");
    assertThat(SigV4.trimAll("plain value")).isEqualTo("plain value");
  }

  @Test
  void getVanillaFromTheSigV4TestSuite() {
    Map<String, List<String>> headers = Map.of("host", List.of("example.amazonaws.com"), "x-amz-date", List.of("20150830T123600Z"));
    List<String> signed = List.of("host", "x-amz-date");
    String creq =
        SigV4.canonicalRequest(
            "GET", SigV4.canonicalUri("/"), SigV4.canonicalQuery(List.of()), SigV4.canonicalHeaders(signed, headers::get), signed,
            SigV4.EMPTY_SHA256);
    assertThat(creq)
        .isEqualTo("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + SigV4.EMPTY_SHA256);
    assertThat(SigV4.stringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", creq))
        .isEqualTo("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
    assertThat(sign(SUITE_SECRET, "20150830", "us-east-1", "service", "20150830T123600Z", creq))
        .isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  }

  @Test
  void s3GetObjectWithARange() {
    Map<String, List<String>> headers =
        Map.of(
            "host", List.of("examplebucket.s3.amazonaws.com"),
            "range", List.of("bytes=0-9"),
            "x-amz-content-sha256", List.of(SigV4.EMPTY_SHA256),
            "x-amz-date", List.of("20130524T000000Z"));
    List<String> signed = List.of("host", "range", "x-amz-content-sha256", "x-amz-date");
    String creq =
        SigV4.canonicalRequest("GET", SigV4.canonicalUri("/test.txt"), "", SigV4.canonicalHeaders(signed, headers::get), signed,
            SigV4.EMPTY_SHA256);
    assertThat(sign(S3_DOC_SECRET, "20130524", "us-east-1", "s3", "20130524T000000Z", creq))
        .isEqualTo("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  }

  @Test
  void s3PresignedGet() {
    List<Map.Entry<String, String>> query =
        List.of(
            p("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            p("X-Amz-Credential", "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request"),
            p("X-Amz-Date", "20130524T000000Z"),
            p("X-Amz-Expires", "86400"),
            p("X-Amz-SignedHeaders", "host"),
            p("X-Amz-Signature", "ignored: never part of the canonical query"));
    String canonicalQuery = SigV4.canonicalQuery(query);
    assertThat(canonicalQuery)
        .isEqualTo("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host");
    List<String> signed = List.of("host");
    Map<String, List<String>> headers = Map.of("host", List.of("examplebucket.s3.amazonaws.com"));
    String creq =
        SigV4.canonicalRequest("GET", SigV4.canonicalUri("/test.txt"), canonicalQuery, SigV4.canonicalHeaders(signed, headers::get),
            signed, SigV4.UNSIGNED_PAYLOAD);
    assertThat(sign(S3_DOC_SECRET, "20130524", "us-east-1", "s3", "20130524T000000Z", creq))
        .isEqualTo("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
  }

  @Test
  void s3ChunkedUploadSeedSignature() {
    Map<String, List<String>> headers =
        Map.of(
            "content-encoding", List.of("aws-chunked"),
            "content-length", List.of("66824"),
            "host", List.of("s3.amazonaws.com"),
            "x-amz-content-sha256", List.of(SigV4.STREAMING_PAYLOAD),
            "x-amz-date", List.of("20130524T000000Z"),
            "x-amz-decoded-content-length", List.of("66560"),
            "x-amz-storage-class", List.of("REDUCED_REDUNDANCY"));
    List<String> signed =
        List.of("content-encoding", "content-length", "host", "x-amz-content-sha256", "x-amz-date", "x-amz-decoded-content-length",
            "x-amz-storage-class");
    String creq =
        SigV4.canonicalRequest("PUT", SigV4.canonicalUri("/examplebucket/chunkObject.txt"), "",
            SigV4.canonicalHeaders(signed, headers::get), signed, SigV4.STREAMING_PAYLOAD);
    assertThat(sign(S3_DOC_SECRET, "20130524", "us-east-1", "s3", "20130524T000000Z", creq))
        .isEqualTo(ChunkedUploadExample.SEED);
  }

  @Test
  void headerValuesAreTrimmedAndJoinedButOtherwiseAsReceived() {
    Map<String, List<String>> headers =
        Map.of("content-type", List.of("  text/plain;   charset=utf-8 "), "x-amz-meta-a", List.of("one", "two"));
    assertThat(SigV4.canonicalHeaders(List.of("content-type", "x-amz-meta-a"), headers::get))
        .isEqualTo("content-type:text/plain; charset=utf-8\nx-amz-meta-a:one,two\n");
  }

  @Test
  void pathsAndQueriesAreEncodedOnceWithAwsRules() {
    assertThat(SigV4.canonicalUri("/b/a%20b/%E2%82%AC+(1)~.txt")).isEqualTo("/b/a%20b/%E2%82%AC%2B%281%29~.txt");
    assertThat(SigV4.canonicalQuery(List.of(p("prefix", "a b/€"), p("list-type", "2"), p("delimiter", "/"))))
        .isEqualTo("delimiter=%2F&list-type=2&prefix=a%20b%2F%E2%82%AC");
    assertThat(SigV4.canonicalQuery(List.of(p("uploads", "")))).isEqualTo("uploads=");
  }

  @Test
  void signaturesCompareInConstantTimeAndIgnoreCase() {
    assertThat(SigV4.matches("abcd", "ABCD")).isTrue();
    assertThat(SigV4.matches("abcd", "abce")).isFalse();
    assertThat(SigV4.matches("abcd", null)).isFalse();
  }

  @Test
  void theScopesRegionMustBeTheServedOneExactly() {
    assertThat(SigV4.regionMatches("us-east-1", "us-east-1")).isTrue();
    assertThat(SigV4.regionMatches("eu-west-1", "us-east-1")).isFalse();
    assertThat(SigV4.regionMatches("US-EAST-1", "us-east-1")).isFalse();
    assertThat(SigV4.regionMatches("", "us-east-1")).isFalse();
    assertThat(SigV4.regionMatches(null, "us-east-1")).isFalse();
  }
}
