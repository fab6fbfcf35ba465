package dev.silo.server.s3;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** AWS SDK for Java v2 clients pointed at Silo, path-style, no retries (a failure shows at once). */
public final class SdkClients {
  private SdkClients() {}

  public static S3Client client(String endpoint, String accessKeyId, String secret) {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
        .build();
  }

  /**
   * The asynchronous client with the SDK's own multipart transfers on (5 MiB parts): uploads are
   * split into parts and downloads fetched part by part ({@code ?partNumber=N}).
   */
  static S3AsyncClient multipartAsync(String endpoint, String accessKeyId, String secret) {
    return S3AsyncClient.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
        .forcePathStyle(true)
        .multipartEnabled(true)
        .multipartConfiguration(c -> c.minimumPartSizeInBytes(5L * 1024 * 1024).thresholdInBytes(5L * 1024 * 1024))
        .build();
  }

  static S3Presigner presigner(String endpoint, String accessKeyId, String secret) {
    return S3Presigner.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .build();
  }
}
