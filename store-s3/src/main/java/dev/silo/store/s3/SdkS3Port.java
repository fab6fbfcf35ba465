package dev.silo.store.s3;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * {@link S3Port} on the AWS SDK for Java v2: the only class of the store that imports it.
 *
 * <p>HTTP client: Apache HttpClient 5 ({@code apache5-client}). It is a plain blocking client, so
 * a body streams straight from the socket to the caller's thread (a virtual thread here) with no
 * event loop hand-off or per-chunk copies, and it pools keep-alive connections. The CRT client is
 * faster in benchmarks only through native code (excluded here); Netty is async-only;
 * {@code url-connection-client} has no real connection pool or socket-level read timeout control.
 *
 * <p>Checksums: {@code WHEN_REQUIRED}, plus the legacy Content-MD5 where S3 requires a checksum,
 * because many S3-compatible services (older MinIO, R2, B2, SeaweedFS, S3Proxy) reject the
 * SDK's newer default trailing CRC checksums. Retries: the SDK's standard strategy (exponential
 * backoff with jitter on 5xx, throttling and I/O errors), {@code maxAttempts} in all.
 */
final class SdkS3Port implements S3Port {
  private final S3StoreSettings settings;
  private final SdkHttpClient http;
  private final S3Client s3;

  /** Cleared the first time the backend says it has no DeleteObjects. */
  private volatile boolean batchDelete = true;

  SdkS3Port(S3StoreSettings settings) {
    this.settings = settings;
    Apache5HttpClient.Builder httpBuilder =
        Apache5HttpClient.builder()
            .connectionTimeout(settings.connectTimeout())
            .socketTimeout(settings.readTimeout())
            .connectionAcquisitionTimeout(settings.connectTimeout().plus(settings.readTimeout()))
            .maxConnections(settings.maxConnections())
            .tcpKeepAlive(true);
    this.http =
        settings.verifyTls()
            ? httpBuilder.build()
            : httpBuilder.buildWithDefaults(
                AttributeMap.builder().put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, Boolean.TRUE).build());
    var builder =
        S3Client.builder()
            .httpClient(http)
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials(settings))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .addPlugin(LegacyMd5Plugin.create())
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(settings.maxAttempts())
                            .build())
                    .build());
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    this.s3 = builder.build();
  }

  private static AwsCredentialsProvider credentials(S3StoreSettings settings) {
    return settings.accessKey() == null
        ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
  }

  /** A presigner for the same backend, identity and addressing style. */
  S3BlobPresigner presigner() {
    S3Presigner.Builder builder =
        S3Presigner.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials(settings))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    return new S3BlobPresigner(builder.build());
  }

  @Override
  public boolean bucketExists(String bucket) throws IOException {
    try {
      s3.headBucket(b -> b.bucket(bucket));
      return true;
    } catch (NoSuchBucketException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw failure("HEAD bucket " + bucket, e);
    } catch (SdkException e) {
      throw failure("HEAD bucket " + bucket, e);
    }
  }

  @Override
  public void createBucket(String bucket) throws IOException {
    try {
      // AWS wants the region named except in us-east-1; other services take the default.
      boolean constraint = settings.endpoint() == null && !settings.region().equals("us-east-1");
      s3.createBucket(
          b -> {
            b.bucket(bucket);
            if (constraint) {
              b.createBucketConfiguration(c -> c.locationConstraint(settings.region()));
            }
          });
    } catch (BucketAlreadyOwnedByYouException e) {
      // another node (or an earlier attempt) made it: what we wanted
    } catch (SdkException e) {
      throw failure("create bucket " + bucket, e);
    }
  }

  @Override
  public void deleteBucket(String bucket) throws IOException {
    try {
      s3.deleteBucket(b -> b.bucket(bucket));
    } catch (NoSuchBucketException e) {
      // already gone
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw failure("delete bucket " + bucket, e);
      }
    } catch (SdkException e) {
      throw failure("delete bucket " + bucket, e);
    }
  }

  @Override
  public void ping() throws IOException {
    call("list buckets", () -> s3.listBuckets(b -> b.maxBuckets(1)));
  }

  @Override
  public void putObject(String bucket, String key, byte[] data, int length) throws IOException {
    call("PUT " + bucket + "/" + key,
        () -> s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) length), body(data, length)));
  }

  @Override
  public String createMultipartUpload(String bucket, String key) throws IOException {
    return call("start multipart upload " + bucket + "/" + key,
        () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId());
  }

  @Override
  public String uploadPart(String bucket, String key, String uploadId, int partNumber, byte[] data, int length)
      throws IOException {
    return call("upload part " + partNumber + " of " + bucket + "/" + key,
        () -> s3.uploadPart(
                b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber).contentLength((long) length),
                body(data, length))
            .eTag());
  }

  @Override
  public String uploadPart(String bucket, String key, String uploadId, int partNumber, InputStream in, long length)
      throws IOException {
    // the body is read once, straight from the request: no retry of a part whose bytes are gone
    OnceBody body = new OnceBody(in);
    try {
      return s3.uploadPart(
              b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber).contentLength(length),
              RequestBody.fromContentProvider(body::open, length, "application/octet-stream"))
          .eTag();
    } catch (SdkException e) {
      body.rethrowFailure();
      throw failure("upload part " + partNumber + " of " + bucket + "/" + key, e);
    }
  }

  @Override
  public Optional<String> uploadPartCopy(
      String bucket, String key, String uploadId, int partNumber, String sourceKey, long first, long last)
      throws IOException {
    try {
      return Optional.of(
          s3.uploadPartCopy(
                  b -> b.sourceBucket(bucket).sourceKey(sourceKey).destinationBucket(bucket).destinationKey(key)
                      .uploadId(uploadId).partNumber(partNumber)
                      .copySourceRange(first < 0 ? null : "bytes=" + first + "-" + last))
              .copyPartResult()
              .eTag());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("copy part " + partNumber + " of " + bucket + "/" + key, e);
    }
  }

  @Override
  public void completeMultipartUpload(String bucket, String key, String uploadId, List<S3Port.NamedPart> parts)
      throws IOException {
    List<CompletedPart> named = new ArrayList<>(parts.size());
    for (S3Port.NamedPart p : parts) {
      named.add(CompletedPart.builder().partNumber(p.number()).eTag(p.etag()).build());
    }
    call("complete multipart upload " + bucket + "/" + key,
        () -> s3.completeMultipartUpload(
            b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(named))));
  }

  @Override
  public void abortMultipartUpload(String bucket, String key, String uploadId) throws IOException {
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
    } catch (NoSuchUploadException e) {
      // already aborted or completed: nothing is left to discard
    } catch (SdkException e) {
      throw failure("abort multipart upload " + bucket + "/" + key, e);
    }
  }

  @Override
  public List<Unfinished> unfinishedUploads(String bucket, String prefix) throws IOException {
    try {
      return s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix.isEmpty() ? null : prefix)).uploads()
          .stream()
          .map(u -> new Unfinished(u.key(), u.uploadId()))
          .toList();
    } catch (NoSuchBucketException e) {
      return List.of();
    } catch (S3Exception e) {
      if (e.statusCode() == 404 || e.statusCode() == 501 || "NotImplemented".equals(code(e))) {
        return List.of(); // a service without the listing: its own expiry of unfinished uploads applies
      }
      throw failure("list multipart uploads " + bucket + "/" + prefix, e);
    } catch (SdkException e) {
      throw failure("list multipart uploads " + bucket + "/" + prefix, e);
    }
  }

  @Override
  public Optional<InputStream> getObject(String bucket, String key, long first, long last) throws IOException {
    try {
      ResponseInputStream<GetObjectResponse> in =
          s3.getObject(
              b -> {
                b.bucket(bucket).key(key);
                if (first >= 0) {
                  b.range("bytes=" + first + "-" + last);
                }
              });
      return Optional.of(new AbortOnEarlyClose(in));
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failure("GET " + bucket + "/" + key, e);
    } catch (SdkException e) {
      throw failure("GET " + bucket + "/" + key, e);
    }
  }

  @Override
  public OptionalLong headObject(String bucket, String key) throws IOException {
    try {
      return OptionalLong.of(s3.headObject(b -> b.bucket(bucket).key(key)).contentLength());
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      return OptionalLong.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return OptionalLong.empty();
      }
      throw failure("HEAD " + bucket + "/" + key, e);
    } catch (SdkException e) {
      throw failure("HEAD " + bucket + "/" + key, e);
    }
  }

  @Override
  public void deleteObject(String bucket, String key) throws IOException {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    } catch (NoSuchBucketException | NoSuchKeyException e) {
      // nothing to delete
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw failure("DELETE " + bucket + "/" + key, e);
      }
    } catch (SdkException e) {
      throw failure("DELETE " + bucket + "/" + key, e);
    }
  }

  @Override
  public Page list(String bucket, String prefix, String continuation) throws IOException {
    try {
      ListObjectsV2Response page =
          s3.listObjectsV2(
              b -> b.bucket(bucket).prefix(prefix.isEmpty() ? null : prefix).continuationToken(continuation));
      List<String> keys = page.contents().stream().map(S3Object::key).toList();
      return new Page(keys, Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null);
    } catch (NoSuchBucketException e) {
      return new Page(List.of(), null);
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return new Page(List.of(), null);
      }
      throw failure("list " + bucket + "/" + prefix, e);
    } catch (SdkException e) {
      throw failure("list " + bucket + "/" + prefix, e);
    }
  }

  @Override
  public void deleteObjects(String bucket, List<String> keys) throws IOException {
    if (!batchDelete) {
      deleteOneByOne(bucket, keys);
      return;
    }
    List<ObjectIdentifier> ids = keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
    DeleteObjectsResponse response;
    try {
      response = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(true)));
    } catch (S3Exception e) {
      if (e.statusCode() != 501 && !"NotImplemented".equals(code(e))) {
        throw failure("delete " + keys.size() + " objects in " + bucket, e);
      }
      // GCS interoperability has no multi-object delete, and S3Proxy refuses the checksum
      // header the SDK sends with it: fall back to one DELETE per key from now on.
      batchDelete = false;
      deleteOneByOne(bucket, keys);
      return;
    } catch (SdkException e) {
      throw failure("delete " + keys.size() + " objects in " + bucket, e);
    }
    if (response.hasErrors() && !response.errors().isEmpty()) {
      var first = response.errors().getFirst();
      throw new IOException("could not delete " + response.errors().size() + " objects in " + bucket
          + ", first " + first.key() + ": " + first.code() + " " + first.message());
    }
  }

  private void deleteOneByOne(String bucket, List<String> keys) throws IOException {
    for (String key : keys) {
      deleteObject(bucket, key);
    }
  }

  private static String code(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  @Override
  public void close() {
    s3.close();
    http.close();
  }

  private static RequestBody body(byte[] data, int length) {
    // A provider, not fromBytes: no copy of the part, and a fresh stream for each retry.
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(data, 0, length), length, "application/octet-stream");
  }

  private static <T> T call(String what, Supplier<T> call) throws IOException {
    try {
      return call.get();
    } catch (SdkException e) {
      throw failure(what, e);
    }
  }

  private static IOException failure(String what, SdkException e) {
    return new IOException("S3 backend: " + what + " failed: " + e.getMessage(), e);
  }

  /**
   * A request body that can be opened once: the SDK asks again only to retry, which a streamed
   * part cannot, so a second opening fails the request. Keeps what the caller's stream threw (a
   * body over its cap, a client that went away) to rethrow it unwrapped.
   */
  private static final class OnceBody {
    private final InputStream in;
    private boolean opened;
    private volatile IOException ioFailure;
    private volatile RuntimeException runtimeFailure;

    OnceBody(InputStream in) {
      this.in = in;
    }

    synchronized InputStream open() {
      if (opened) {
        throw new IllegalStateException("a streamed part cannot be sent again");
      }
      opened = true;
      return new FilterInputStream(in) {
        @Override
        public int read() throws IOException {
          return kept(super::read);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          return kept(() -> super.read(b, off, len));
        }

        @Override
        public void close() {
          // the caller closes its own stream
        }
      };
    }

    /** A read of the caller's stream whose failure is kept, to be rethrown as it was. */
    private interface Read {
      int read() throws IOException;
    }

    private int kept(Read read) throws IOException {
      try {
        return read.read();
      } catch (IOException e) {
        ioFailure = e;
        throw e;
      } catch (RuntimeException e) {
        runtimeFailure = e;
        throw e;
      }
    }

    void rethrowFailure() throws IOException {
      if (runtimeFailure != null) {
        throw runtimeFailure;
      }
      if (ioFailure != null) {
        throw ioFailure;
      }
    }
  }

  /**
   * Closing an S3 body before its end would make the HTTP client drain the rest to reuse the
   * connection (a whole GiB for a client that went away); aborting drops the connection instead.
   */
  private static final class AbortOnEarlyClose extends FilterInputStream {
    private final ResponseInputStream<?> response;
    private boolean eof;

    AbortOnEarlyClose(ResponseInputStream<?> response) {
      super(response);
      this.response = response;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      eof |= b < 0;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      eof |= n < 0;
      return n;
    }

    @Override
    public void close() throws IOException {
      if (!eof) {
        response.abort();
      }
      super.close();
    }
  }
}
