package dev.silo.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.server.it.TestSilo;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.FileDownload;

/**
 * The behaviours S3 clients rely on beyond the common operations, through the AWS SDK for Java v2
 * (its transfer manager included) and, where no client sends the request, presigned raw requests:
 * S3's status, error code and headers in each case.
 */
@ExtendWith(NoErrorLogs.class)
public class S3ConformanceTest {
  static final int MIB = 1024 * 1024;

  @TempDir static Path dir;
  static TestSilo silo;
  static S3Fixture.Credential cred;
  static S3Client s3;
  static S3Presigner presigner;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("silo"));
    cred = S3Fixture.tenant(silo, "conf", "{\"max_upload_bytes\":41943040,\"max_buckets\":5}", null);
    s3 = SdkClients.client(silo.s3Url(), cred.accessKeyId(), cred.secret());
    presigner = SdkClients.presigner(silo.s3Url(), cred.accessKeyId(), cred.secret());
  }

  @AfterAll
  static void stop() throws Exception {
    if (presigner != null) {
      presigner.close();
    }
    if (s3 != null) {
      s3.close();
    }
    if (silo != null) {
      silo.close();
    }
  }

  static S3Exception failure(Runnable r) {
    try {
      r.run();
    } catch (S3Exception e) {
      return e;
    }
    throw new AssertionError("the request succeeded");
  }

  public static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  public static byte[] concat(byte[]... parts) {
    int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** Uploads {@code parts} as one multipart object; returns its ETag. */
  static String multipart(String key, byte[]... parts) {
    String id = s3.createMultipartUpload(b -> b.bucket("conf").key(key)).uploadId();
    List<CompletedPart> done = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      int n = i + 1;
      String etag = s3.uploadPart(b -> b.bucket("conf").key(key).uploadId(id).partNumber(n), RequestBody.fromBytes(parts[n - 1])).eTag();
      done.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
    }
    return s3.completeMultipartUpload(b -> b.bucket("conf").key(key).uploadId(id).multipartUpload(m -> m.parts(done))).eTag();
  }

  /** The sum of a counter or histogram count over the series whose labels contain {@code labels}. */
  static long metric(String name, String labels) {
    String scrape = silo.anonymous().get("/metrics").body();
    long sum = 0;
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)} ([0-9.E]+)$").matcher(scrape);
    while (m.find()) {
      if (m.group(1).contains(labels)) {
        sum += (long) Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  // -------------------------------------------------------------- group 2

  @Test
  void getAndHeadByPartNumberServeThatPartWithItsRangeAndTheCount() {
    byte[] p1 = random(5 * MIB, 1);
    byte[] p2 = random(5 * MIB, 2);
    byte[] p3 = random(1000, 3);
    String etag = multipart("parts/three.bin", p1, p2, p3);

    ResponseBytes<GetObjectResponse> second = s3.getObjectAsBytes(b -> b.bucket("conf").key("parts/three.bin").partNumber(2));
    assertThat(second.response().sdkHttpResponse().statusCode()).isEqualTo(206);
    assertThat(second.response().partsCount()).isEqualTo(3);
    assertThat(second.response().contentRange()).isEqualTo("bytes " + 5 * MIB + "-" + (10 * MIB - 1) + "/" + (10 * MIB + 1000));
    assertThat(second.response().eTag()).isEqualTo(etag);
    assertThat(second.asByteArray()).isEqualTo(p2);
    assertThat(s3.getObjectAsBytes(b -> b.bucket("conf").key("parts/three.bin").partNumber(3)).asByteArray()).isEqualTo(p3);

    HeadObjectResponse head = s3.headObject(b -> b.bucket("conf").key("parts/three.bin").partNumber(1));
    assertThat(head.contentLength()).isEqualTo(5 * MIB);
    assertThat(head.partsCount()).isEqualTo(3);
    assertThat(head.contentRange()).isEqualTo("bytes 0-" + (5 * MIB - 1) + "/" + (10 * MIB + 1000));

    S3Exception past = failure(() -> s3.getObject(b -> b.bucket("conf").key("parts/three.bin").partNumber(4)));
    assertThat(past.statusCode()).isEqualTo(416);
    assertThat(past.awsErrorDetails().errorCode()).isEqualTo("InvalidPartNumber");
    S3Exception zero = failure(() -> s3.getObject(b -> b.bucket("conf").key("parts/three.bin").partNumber(0)));
    assertThat(zero.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");

    // an object stored whole is its own part 1
    s3.putObject(b -> b.bucket("conf").key("parts/whole.txt"), RequestBody.fromString("one piece"));
    ResponseBytes<GetObjectResponse> whole = s3.getObjectAsBytes(b -> b.bucket("conf").key("parts/whole.txt").partNumber(1));
    assertThat(whole.asUtf8String()).isEqualTo("one piece");
    assertThat(whole.response().partsCount()).isNull();
    assertThat(whole.response().contentRange()).isEqualTo("bytes 0-8/9");
    S3Exception second2 = failure(() -> s3.headObject(b -> b.bucket("conf").key("parts/whole.txt").partNumber(2)));
    assertThat(second2.statusCode()).isEqualTo(416);
  }

  @Test
  void theTransferManagerDownloadsAMultipartObjectPartByPart() throws Exception {
    byte[] body = random(12 * MIB + 5, 7);
    try (S3AsyncClient async = SdkClients.multipartAsync(silo.s3Url(), cred.accessKeyId(), cred.secret());
        S3TransferManager tm = S3TransferManager.builder().s3Client(async).build()) {
      // uploaded by the same client, which splits it into 5 MiB parts
      async.putObject(b -> b.bucket("conf").key("tm/big.bin"), software.amazon.awssdk.core.async.AsyncRequestBody.fromBytes(body)).join();
      assertThat(s3.headObject(b -> b.bucket("conf").key("tm/big.bin")).eTag()).endsWith("-3\"");

      long partGets = metric("silo_http_requests_seconds_count", "route=\"s3:GetObject\",status=\"206\"");
      Path target = dir.resolve("downloaded.bin");
      FileDownload download = tm.downloadFile(d -> d.getObjectRequest(g -> g.bucket("conf").key("tm/big.bin")).destination(target));
      download.completionFuture().join();
      assertThat(Files.readAllBytes(target)).isEqualTo(body);
      byte[] viaGet = async.getObject(b -> b.bucket("conf").key("tm/big.bin"), AsyncResponseTransformer.toBytes()).join().asByteArray();
      assertThat(viaGet).isEqualTo(body);
      assertThat(metric("silo_http_requests_seconds_count", "route=\"s3:GetObject\",status=\"206\"") - partGets)
          .as("each download asked for the 3 parts by number")
          .isEqualTo(6);
    }
  }

  // ---------------------------------------------------------- groups 3, 4

  @Test
  void aRetriedCompleteAnswersTheSameEtagWhileTheObjectIsThatUploads() {
    byte[] p1 = random(5 * MIB, 11);
    String id = s3.createMultipartUpload(b -> b.bucket("conf").key("mp/retried.bin")).uploadId();
    String e1 = s3.uploadPart(b -> b.bucket("conf").key("mp/retried.bin").uploadId(id).partNumber(1), RequestBody.fromBytes(p1)).eTag();
    Supplier<String> complete =
        () -> s3.completeMultipartUpload(b -> b.bucket("conf").key("mp/retried.bin").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build())))
            .eTag();
    String first = complete.get();
    assertThat(complete.get()).isEqualTo(first);
    assertThat(s3.getObjectAsBytes(b -> b.bucket("conf").key("mp/retried.bin")).asByteArray()).isEqualTo(p1);

    s3.putObject(b -> b.bucket("conf").key("mp/retried.bin"), RequestBody.fromString("replaced"));
    S3Exception gone = failure(complete::get);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.awsErrorDetails().errorCode()).isEqualTo("NoSuchUpload");
  }

  @Test
  void aPartListedTwiceCountsOnceWithItsLastEntry() {
    byte[] first = random(5 * MIB, 21);
    byte[] again = random(5 * MIB, 22);
    byte[] tail = "tail".getBytes(StandardCharsets.UTF_8);
    String key = "mp/twice.bin";
    String id = s3.createMultipartUpload(b -> b.bucket("conf").key(key)).uploadId();
    String old = s3.uploadPart(b -> b.bucket("conf").key(key).uploadId(id).partNumber(1), RequestBody.fromBytes(first)).eTag();
    String current = s3.uploadPart(b -> b.bucket("conf").key(key).uploadId(id).partNumber(1), RequestBody.fromBytes(again)).eTag();
    String last = s3.uploadPart(b -> b.bucket("conf").key(key).uploadId(id).partNumber(2), RequestBody.fromBytes(tail)).eTag();

    // the last entry of part 1 names an ETag that is not the part's latest upload: refused
    S3Exception stale =
        failure(() -> s3.completeMultipartUpload(b -> b.bucket("conf").key(key).uploadId(id).multipartUpload(m -> m.parts(
            CompletedPart.builder().partNumber(1).eTag(current).build(),
            CompletedPart.builder().partNumber(1).eTag(old).build(),
            CompletedPart.builder().partNumber(2).eTag(last).build()))));
    assertThat(stale.awsErrorDetails().errorCode()).isEqualTo("InvalidPart");

    String etag =
        s3.completeMultipartUpload(b -> b.bucket("conf").key(key).uploadId(id).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(old).build(),
                CompletedPart.builder().partNumber(1).eTag(current).build(),
                CompletedPart.builder().partNumber(2).eTag(last).build())))
            .eTag();
    assertThat(etag).endsWith("-2\"");
    assertThat(s3.getObjectAsBytes(b -> b.bucket("conf").key(key)).asByteArray()).isEqualTo(concat(again, tail));
  }

  // -------------------------------------------------------------- group 5

  @Test
  void copyOntoItselfMustChangeSomethingAndACopiedRangeMustLieInTheSource() {
    s3.putObject(b -> b.bucket("conf").key("copy/self.txt").metadata(Map.of("v", "1")), RequestBody.fromString("twelve bytes"));
    S3Exception same =
        failure(() -> s3.copyObject(b -> b.sourceBucket("conf").sourceKey("copy/self.txt").destinationBucket("conf").destinationKey("copy/self.txt")));
    assertThat(same.statusCode()).isEqualTo(400);
    assertThat(same.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
    s3.copyObject(b -> b.sourceBucket("conf").sourceKey("copy/self.txt").destinationBucket("conf").destinationKey("copy/self.txt")
        .metadataDirective(MetadataDirective.REPLACE).metadata(Map.of("v", "2")));
    assertThat(s3.headObject(b -> b.bucket("conf").key("copy/self.txt")).metadata()).containsEntry("v", "2");

    String id = s3.createMultipartUpload(b -> b.bucket("conf").key("copy/part.bin")).uploadId();
    S3Exception outside =
        failure(() -> s3.uploadPartCopy(b -> b.sourceBucket("conf").sourceKey("copy/self.txt").destinationBucket("conf")
            .destinationKey("copy/part.bin").uploadId(id).partNumber(1).copySourceRange("bytes=0-12")));
    assertThat(outside.statusCode()).isEqualTo(416);
    assertThat(outside.awsErrorDetails().errorCode()).isEqualTo("InvalidRange");
    assertThat(s3.uploadPartCopy(b -> b.sourceBucket("conf").sourceKey("copy/self.txt").destinationBucket("conf")
            .destinationKey("copy/part.bin").uploadId(id).partNumber(1).copySourceRange("bytes=0-11")).copyPartResult().eTag())
        .isNotBlank();
    s3.abortMultipartUpload(b -> b.bucket("conf").key("copy/part.bin").uploadId(id));
  }

  // -------------------------------------------------------------- group 6

  @Test
  void listV2NamesTheOwnerOnRequestAndEchoesAnEmptyToken() {
    s3.putObject(b -> b.bucket("conf").key("owned/a.txt"), RequestBody.fromString("a"));
    String owner = s3.listBuckets().owner().id();
    var withOwner = s3.listObjectsV2(b -> b.bucket("conf").prefix("owned/").fetchOwner(true));
    assertThat(withOwner.contents()).singleElement().satisfies(o -> assertThat(o.owner().id()).isEqualTo(owner));
    var without = s3.listObjectsV2(b -> b.bucket("conf").prefix("owned/"));
    assertThat(without.contents()).singleElement().satisfies(o -> assertThat(o.owner()).isNull());
    var emptyToken = s3.listObjectsV2(b -> b.bucket("conf").prefix("owned/").continuationToken(""));
    assertThat(emptyToken.continuationToken()).isEmpty();
    assertThat(emptyToken.contents()).hasSize(1);
  }

  /**
   * {@code x-amz-expected-bucket-owner} (and its copy source's twin), which Terraform and careful
   * scripts send so that a write never lands in someone else's bucket: the owner ListBuckets names
   * passes, any other is S3's {@code 403 AccessDenied}, and nothing is written.
   */
  @Test
  void anExpectedBucketOwnerMustBeTheOneListBucketsNames() {
    String owner = s3.listBuckets().owner().id();
    s3.headBucket(b -> b.bucket("conf").expectedBucketOwner(owner));
    s3.putObject(b -> b.bucket("conf").key("owner/kept.txt").expectedBucketOwner(owner), RequestBody.fromString("k"));
    assertThatThrownBy(() -> s3.putObject(b -> b.bucket("conf").key("owner/refused.txt").expectedBucketOwner("111122223333"),
        RequestBody.fromString("r")))
        .isInstanceOf(S3Exception.class)
        .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403))
        .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    assertThatThrownBy(() -> s3.headObject(b -> b.bucket("conf").key("owner/refused.txt"))).as("nothing written")
        .isInstanceOf(software.amazon.awssdk.services.s3.model.NoSuchKeyException.class);
    assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket("conf").sourceKey("owner/kept.txt").destinationBucket("conf")
        .destinationKey("owner/copy.txt").expectedSourceBucketOwner("111122223333")))
        .isInstanceOf(S3Exception.class)
        .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
    s3.copyObject(b -> b.sourceBucket("conf").sourceKey("owner/kept.txt").destinationBucket("conf")
        .destinationKey("owner/copy.txt").expectedSourceBucketOwner(owner).expectedBucketOwner(owner));
    assertThat(s3.getObjectAsBytes(b -> b.bucket("conf").key("owner/copy.txt")).asUtf8String()).isEqualTo("k");
  }

  /**
   * Keys with XML's special characters and beyond ASCII come back as they were put, in every
   * listing, with the size, ETag and time HEAD answers: a listing reads only those columns and
   * writes its XML byte by byte.
   */
  @Test
  void listingsGiveBackEveryKeyAsPutWithWhatHeadAnswers() {
    List<String> keys = List.of(
        "odd/a&b.txt", "odd/<tag>.txt", "odd/quote\"'.txt", "odd/caf\u00e9 \u4e2d \ud83d\udcf7.txt",
        "odd/dir&1/x.txt", "odd/\u00fcber/y.txt");
    for (String key : keys) {
      s3.putObject(b -> b.bucket("conf").key(key), RequestBody.fromString(key));
    }
    var flat = s3.listObjectsV2(b -> b.bucket("conf").prefix("odd/"));
    assertThat(flat.contents()).extracting(o -> o.key()).containsExactlyInAnyOrderElementsOf(keys);
    for (var o : flat.contents()) {
      var head = s3.headObject(b -> b.bucket("conf").key(o.key()));
      assertThat(o.size()).isEqualTo(head.contentLength());
      assertThat(o.eTag()).isEqualTo(head.eTag());
      // HEAD's Last-Modified is an HTTP date, to the second; a listing's time has milliseconds
      assertThat(o.lastModified().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).isEqualTo(head.lastModified());
    }
    var v1 = s3.listObjects(b -> b.bucket("conf").prefix("odd/"));
    assertThat(v1.contents()).extracting(o -> o.key()).containsExactlyInAnyOrderElementsOf(keys);
    var folders = s3.listObjectsV2(b -> b.bucket("conf").prefix("odd/").delimiter("/"));
    assertThat(folders.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("odd/dir&1/", "odd/\u00fcber/");
    assertThat(folders.contents()).extracting(o -> o.key()).hasSize(4).doesNotContain("odd/dir&1/x.txt");
  }

  // -------------------------------------------------------------- group 7

  @Test
  void createOfAnOwnedBucketKeepsItAndListBucketsPages() {
    s3.putObject(b -> b.bucket("conf").key("stay.txt"), RequestBody.fromString("still here"));
    assertThat(s3.createBucket(b -> b.bucket("conf")).sdkHttpResponse().statusCode()).isEqualTo(200);
    assertThat(s3.getObjectAsBytes(b -> b.bucket("conf").key("stay.txt")).asUtf8String()).isEqualTo("still here");

    for (String name : List.of("page-a", "page-b", "page-c")) {
      s3.createBucket(b -> b.bucket(name));
    }
    List<String> names = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      ListBucketsResponse r = s3.listBuckets(b -> b.maxBuckets(2).continuationToken(t));
      r.buckets().forEach(x -> names.add(x.name()));
      token = r.continuationToken();
      pages++;
    } while (token != null);
    assertThat(names).containsExactly("conf", "page-a", "page-b", "page-c");
    assertThat(pages).isEqualTo(2);
    assertThat(s3.listBuckets(b -> b.prefix("page-")).buckets()).extracting(x -> x.name()).containsExactly("page-a", "page-b", "page-c");
    assertThat(failure(() -> s3.listBuckets(b -> b.maxBuckets(0))).awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
    assertThat(s3.getBucketLocation(b -> b.bucket("conf")).locationConstraintAsString()).isEmpty();
  }

  @Test
  void inAnotherRegionAnOwnedBucketIsAConflictAndTheLocationIsThatRegion() throws Exception {
    try (TestSilo eu = TestSilo.start(dir.resolve("eu"), Map.of("SILO_S3_REGION", "eu-central-1"))) {
      S3Fixture.Credential c = S3Fixture.tenant(eu, "eu-tenant", null, null);
      try (S3Client client =
          S3Client.builder()
              .endpointOverride(URI.create(eu.s3Url()))
              .region(Region.EU_CENTRAL_1)
              .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKeyId(), c.secret())))
              .forcePathStyle(true)
              .build()) {
        S3Exception owned = failure(() -> client.createBucket(b -> b.bucket("eu-tenant")));
        assertThat(owned.statusCode()).isEqualTo(409);
        assertThat(owned.awsErrorDetails().errorCode()).isEqualTo("BucketAlreadyOwnedByYou");
        assertThat(client.getBucketLocation(b -> b.bucket("eu-tenant")).locationConstraintAsString()).isEqualTo("eu-central-1");
      }
    }
  }

  // -------------------------------------------------------------- group 8

  @Test
  void aChunkedBodyWithoutALengthIsTakenAndCappedWhileItStreams() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    byte[] body = random(3 * MIB + 17, 31);
    URI put = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(5))
        .putObjectRequest(r -> r.bucket("conf").key("chunked/plain.bin"))).url().toURI();
    // a body publisher of unknown length goes out with Transfer-Encoding: chunked and no Content-Length
    HttpResponse<String> up =
        http.send(HttpRequest.newBuilder(put).PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
    assertThat(s3.getObjectAsBytes(b -> b.bucket("conf").key("chunked/plain.bin")).asByteArray()).isEqualTo(body);

    // the SDK's own streaming upload of a body of unknown length
    s3.putObject(b -> b.bucket("conf").key("chunked/sdk.bin"),
        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(body), "application/octet-stream"));
    assertThat(s3.getObjectAsBytes(b -> b.bucket("conf").key("chunked/sdk.bin")).asByteArray()).isEqualTo(body);

    // over the tenant's 40 MiB cap: refused while streaming, nothing stored
    URI big = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(5))
        .putObjectRequest(r -> r.bucket("conf").key("chunked/too-big.bin"))).url().toURI();
    HttpResponse<String> refused =
        http.send(HttpRequest.newBuilder(big).PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(41L * MIB))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("<Code>EntityTooLarge</Code>");
    assertThat(failure(() -> s3.headObject(b -> b.bucket("conf").key("chunked/too-big.bin"))).statusCode()).isEqualTo(404);

    // neither a length nor chunked coding: S3's 411
    URI none = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(5))
        .putObjectRequest(r -> r.bucket("conf").key("chunked/none.bin"))).url().toURI();
    String answer = raw(none, "PUT", "");
    assertThat(answer).startsWith("HTTP/1.1 411").contains("<Code>MissingContentLength</Code>");
  }

  /** A stream of {@code n} zero bytes. */
  static final class Zeros extends InputStream {
    private long left;

    Zeros(long n) {
      left = n;
    }

    @Override
    public int read() {
      return left-- > 0 ? 0 : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      Arrays.fill(b, off, off + n, (byte) 0);
      left -= n;
      return n;
    }
  }

  /** Sends a request over a plain socket exactly as written (extra header lines in {@code headers}); returns the answer's head. */
  static String raw(URI url, String method, String headers) throws Exception {
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      OutputStream out = socket.getOutputStream();
      String request = method + " " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: " + url.getHost() + ":"
          + url.getPort() + "\r\n" + headers + "Connection: close\r\n\r\n";
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  // ------------------------------------------------------------- group 10

  @Test
  void aKeySiloRefusesIsAnsweredInS3sWords() {
    S3Exception e = failure(() -> s3.putObject(b -> b.bucket("conf").key("\u00ae\u008a-"), RequestBody.fromString("x")));
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Couldn't parse the specified URI.");
    S3Exception tooLong = failure(() -> s3.putObject(b -> b.bucket("conf").key("k".repeat(1025)), RequestBody.fromString("x")));
    assertThat(tooLong.awsErrorDetails().errorCode()).isEqualTo("KeyTooLongError");
    // the REST API keeps Silo's own words for the same rule
    assertThat(cred.api().put("/v1/objects/%C2%AE%C2%8A-", "x").body()).contains("control characters");
  }

  /**
   * What Jetty refuses before an operation is chosen (a NUL in the path) is answered in S3's XML
   * too, with a request id, and the connection is closed: an SDK reads the code instead of failing
   * on an HTML page.
   */
  @Test
  void whatTheHttpServerRefusesItselfIsAnsweredInS3sXml() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> nul =
        http.send(HttpRequest.newBuilder(URI.create(silo.s3Url() + "/conf/a%00b")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(nul.statusCode()).isEqualTo(400);
    assertThat(nul.headers().firstValue("Content-Type")).hasValue("application/xml");
    assertThat(nul.headers().firstValue("x-amz-request-id")).isPresent();
    assertThat(nul.headers().firstValue("Connection")).hasValue("close");
    assertThat(nul.body()).contains("<Error><Code>InvalidRequest</Code>").doesNotContain("<html");
    // the SDK reads the code of such an answer (headers too large race the client still sending
    // them over a socket, so their wording is S3RefusalsTest's)
    S3Exception refused = failure(() -> s3.getObjectAsBytes(b -> b.bucket("conf").key("a\u0000b")));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
    assertThat(refused.requestId()).isNotBlank();
  }

  // ------------------------------------------------------------- group 12

  @Test
  void aClientLeavingADownloadEarlyIsCountedNotAnError() throws Exception {
    s3.putObject(b -> b.bucket("conf").key("leave/big.bin"), RequestBody.fromBytes(random(24 * MIB, 41)));
    long before = metric("silo_client_disconnects_total", "route=\"s3:GetObject\"");
    URI get = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
        .getObjectRequest(r -> r.bucket("conf").key("leave/big.bin"))).url().toURI();
    try (Socket socket = new Socket(get.getHost(), get.getPort())) {
      socket.setSoLinger(true, 0); // close with a reset, as a client that gives up does
      socket.getOutputStream().write(("GET " + get.getRawPath() + "?" + get.getRawQuery() + " HTTP/1.1\r\nHost: " + get.getHost()
          + ":" + get.getPort() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      byte[] head = socket.getInputStream().readNBytes(64);
      assertThat(new String(head, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
    }
    long after = before;
    for (int i = 0; i < 100 && after == before; i++) {
      Thread.sleep(100); // the server notices when its next write fails
      after = metric("silo_client_disconnects_total", "route=\"s3:GetObject\"");
    }
    assertThat(after).isEqualTo(before + 1);
    // NoErrorLogs fails the class if the server logged this as an ERROR
  }
}
