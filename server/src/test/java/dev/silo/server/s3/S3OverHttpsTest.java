package dev.silo.server.s3;

import static dev.silo.server.s3.S3Fixture.cmd;
import static dev.silo.server.s3.S3Fixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.TestSilo;
import dev.silo.server.it.TestTls;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 endpoint over HTTPS with the clients users run, each given only the test CA: aws-cli
 * ({@code --ca-bundle}), rclone ({@code --ca-cert}) and the AWS SDK for Java v2 (trust managers
 * on its HTTP client). Without the CA each refuses to talk.
 */
@ExtendWith(NoErrorLogs.class)
class S3OverHttpsTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static S3Fixture.Credential cred;
  static String ca;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("silo"), TestTls.serve(dir.resolve("tls")));
    cred = S3Fixture.tenant(silo, "tls-s3", null, null);
    ca = TestTls.ca().caFile().toString();
    assertThat(cred.endpoint()).isEqualTo(silo.s3Url()).startsWith("https://");
  }

  @AfterAll
  static void stop() throws Exception {
    if (silo != null) {
      silo.close();
    }
  }

  @Test
  void awsCliWithCaBundle() throws Exception {
    String aws = S3Fixture.binary("aws", "/usr/bin/aws");
    Path config = dir.resolve("aws-config");
    Files.writeString(config, "[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n");
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", cred.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", cred.secret());
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", config.toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_PAGER", "");
    env.put("HOME", dir.toString());
    List<String> base = cmd(aws, "--endpoint-url", silo.s3Url(), "--ca-bundle", ca);

    // 20 MiB: multipart in 8 MiB parts
    Path big = S3Fixture.randomFile(dir.resolve("aws-big.bin"), 20L << 20, 7);
    run(dir, env, with(base, "s3", "cp", big.toString(), "s3://tls-s3/aws/big.bin")).ok();
    run(dir, env, with(base, "s3", "cp", "s3://tls-s3/aws/big.bin", dir.resolve("aws-back.bin").toString())).ok();
    assertThat(Files.mismatch(big, dir.resolve("aws-back.bin"))).isEqualTo(-1);
    assertThat(run(dir, env, with(base, "s3", "ls", "s3://tls-s3/aws/")).ok().out()).contains("big.bin");

    String presigned = run(dir, env, with(base, "s3", "presign", "s3://tls-s3/aws/big.bin")).ok().out().strip();
    assertThat(presigned).startsWith(silo.s3Url() + "/tls-s3/aws/big.bin?");
    Path fetched = dir.resolve("aws-presigned.bin");
    run(dir, Map.of(), cmd("curl", "-sS", "--fail", "--cacert", ca, "-o", fetched.toString(), presigned)).ok();
    assertThat(Files.mismatch(big, fetched)).isEqualTo(-1);

    S3Fixture.Run untrusted = run(dir, env, cmd(aws, "--endpoint-url", silo.s3Url(), "s3", "ls", "s3://tls-s3/"));
    assertThat(untrusted.exit()).isNotZero();
    assertThat(untrusted.err()).containsIgnoringCase("certificate verify failed");
  }

  @Test
  void rcloneWithCaCert() throws Exception {
    String rclone = S3Fixture.binary("rclone", "/usr/bin/rclone");
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.put("RCLONE_CONFIG_SILO_TYPE", "s3");
    env.put("RCLONE_CONFIG_SILO_PROVIDER", "Other");
    env.put("RCLONE_CONFIG_SILO_ENDPOINT", silo.s3Url());
    env.put("RCLONE_CONFIG_SILO_ACCESS_KEY_ID", cred.accessKeyId());
    env.put("RCLONE_CONFIG_SILO_SECRET_ACCESS_KEY", cred.secret());
    env.put("RCLONE_CONFIG_SILO_REGION", "us-east-1");
    env.put("RCLONE_CONFIG_SILO_FORCE_PATH_STYLE", "true");
    Path conf = Files.writeString(dir.resolve("rclone.conf"), "");
    List<String> base = cmd(rclone, "--config", conf.toString(), "--retries", "1", "--low-level-retries", "1");
    List<String> trusted = with(base, "--ca-cert", ca);

    Path local = dir.resolve("rclone-src");
    Files.createDirectories(local.resolve("sub"));
    Files.writeString(local.resolve("a.txt"), "alpha over tls\n");
    S3Fixture.randomFile(local.resolve("sub/b.bin"), 3L << 20, 11);
    run(dir, env, with(trusted, "copy", local.toString(), "silo:tls-s3/rclone")).ok();
    assertThat(run(dir, env, with(trusted, "cat", "silo:tls-s3/rclone/a.txt")).ok().out()).isEqualTo("alpha over tls\n");
    run(dir, env, with(trusted, "check", local.toString(), "silo:tls-s3/rclone")).ok();

    S3Fixture.Run untrusted = run(dir, env, with(base, "lsf", "silo:tls-s3/rclone"));
    assertThat(untrusted.exit()).isNotZero();
    assertThat(untrusted.err()).contains("certificate signed by unknown authority");
  }

  @Test
  void awsSdkWithTrustManagers() throws Exception {
    var trust = TestTls.ca().trustManagers();
    try (S3Client s3 =
            S3Client.builder()
                .endpointOverride(URI.create(silo.s3Url()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(cred.accessKeyId(), cred.secret())))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClient(Apache5HttpClient.builder().tlsTrustManagersProvider(() -> trust).build())
                .build();
        S3Presigner presigner = SdkClients.presigner(silo.s3Url(), cred.accessKeyId(), cred.secret())) {
      // over HTTPS the SDK sends the payload unsigned, its CRC32 in the aws-chunked trailer: the only check of the bytes
      var put = s3.putObject(b -> b.bucket("tls-s3").key("sdk/x.txt").contentType("text/plain"), RequestBody.fromString("sdk over tls"));
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update("sdk over tls".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(put.checksumCRC32())
          .isEqualTo(java.util.Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array()));
      assertThat(s3.getObject(b -> b.bucket("tls-s3").key("sdk/x.txt"), ResponseTransformer.toBytes()).asUtf8String())
          .isEqualTo("sdk over tls");
      assertThat(s3.listObjectsV2(b -> b.bucket("tls-s3").prefix("sdk/")).contents()).extracting(o -> o.key()).containsExactly("sdk/x.txt");
      URI url = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5)).getObjectRequest(g -> g.bucket("tls-s3").key("sdk/x.txt")))
          .url().toURI();
      assertThat(url.getScheme()).isEqualTo("https");
      assertThat(silo.as(null).get(url.toString()).body()).isEqualTo("sdk over tls");
    }
  }

  private static List<String> with(List<String> base, String... args) {
    List<String> c = new java.util.ArrayList<>(base);
    c.addAll(List.of(args));
    return c;
  }
}
