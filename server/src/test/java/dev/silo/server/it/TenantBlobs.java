package dev.silo.server.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Looks into a tenant's storage space behind Silo's back (the filesystem directory or the S3
 * bucket/prefix of the configured layout), so that tests can check what is really stored.
 */
public final class TenantBlobs {
  private TenantBlobs() {}

  static List<String> await(TestSilo silo, Map<String, String> settings, String slug, int n) throws Exception {
    List<String> blobs = list(silo, settings, slug);
    for (int i = 0; i < 50 && blobs.size() != n; i++) {
      Thread.sleep(100);
      blobs = list(silo, settings, slug);
    }
    return blobs;
  }

  /** The tenant's stored blobs once none of {@code gone} is among them, or as they are after 5 s. */
  static List<String> awaitGone(TestSilo silo, Map<String, String> settings, String slug, java.util.Collection<String> gone)
      throws Exception {
    List<String> blobs = list(silo, settings, slug);
    for (int i = 0; i < 50 && blobs.stream().anyMatch(gone::contains); i++) {
      Thread.sleep(100);
      blobs = list(silo, settings, slug);
    }
    return blobs;
  }

  /** The tenant's S3 space as listed by the backend, and its unfinished multipart uploads. */
  public record S3View(List<S3Object> objects, List<MultipartUpload> unfinished) {}

  static S3View s3(TestSilo silo, Map<String, String> settings, String slug) {
    String[] space = space(silo, settings, slug);
    try (S3Client s3 = client(settings)) {
      try {
        List<S3Object> objects =
            s3.listObjectsV2Paginator(b -> b.bucket(space[0]).prefix(space[1].isEmpty() ? null : space[1])).contents()
                .stream().filter(o -> isBlob(o.key(), space[1])).toList();
        List<MultipartUpload> unfinished =
            s3.listMultipartUploads(b -> b.bucket(space[0]).prefix(space[1].isEmpty() ? null : space[1])).uploads();
        return new S3View(objects, unfinished);
      } catch (NoSuchBucketException e) {
        return new S3View(List.of(), List.of());
      }
    }
  }

  /**
   * Whether a listed key is one of Silo's blobs. S3Proxy's filesystem backend keeps an unfinished
   * multipart upload as visible objects of its own ({@code .mpus-*}, a stub named by the upload
   * id); S3 lists none of them, so they are left out.
   */
  private static boolean isBlob(String key, String prefix) {
    return key.startsWith(prefix) && SILO_BLOB.matcher(key.substring(prefix.length())).matches();
  }

  private static final Pattern SILO_BLOB = Pattern.compile("b[a-z0-9]{24,40}");

  /** The container and prefix of a tenant's space. */
  private static String[] space(TestSilo silo, Map<String, String> settings, String slug) {
    if (settings.getOrDefault("SILO_TENANCY", "bucket").equals("prefix")) {
      String id = silo.operator().get("/v1/tenants/" + slug).json().path("id").asText();
      return new String[] {settings.getOrDefault("SILO_STORAGE_S3_BUCKET", "silo-dev-shared"), "tenants/" + id + "/"};
    }
    return new String[] {
      settings.getOrDefault("SILO_BUCKET_TEMPLATE", "{app}-{env}-tenant-{slug}")
          .replace("{app}", settings.getOrDefault("SILO_APP", "silo"))
          .replace("{env}", settings.getOrDefault("SILO_ENV", "dev"))
          .replace("{slug}", slug),
      ""
    };
  }

  static List<String> list(TestSilo silo, Map<String, String> settings, String slug) throws Exception {
    String[] space = space(silo, settings, slug);
    String container = space[0];
    String prefix = space[1];
    if (settings.getOrDefault("SILO_STORAGE", "fs").equals("s3")) {
      return listS3(settings, container, prefix);
    }
    Path dir = silo.dataDir().resolve("blobs").resolve(container).resolve(prefix);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
    }
  }

  private static S3Client client(Map<String, String> settings) {
    return S3Client.builder()
            .httpClientBuilder(Apache5HttpClient.builder())
            .endpointOverride(URI.create(settings.get("SILO_STORAGE_S3_ENDPOINT")))
            .region(Region.of(settings.getOrDefault("SILO_STORAGE_S3_REGION", "us-east-1")))
            .forcePathStyle(true)
            // S3Proxy refuses the checksum-mode header the SDK sends on GET by default
            .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        settings.get("SILO_STORAGE_S3_ACCESS_KEY_ID"), settings.get("SILO_STORAGE_S3_SECRET_ACCESS_KEY"))))
            .build();
  }

  private static List<String> listS3(Map<String, String> settings, String bucket, String prefix) {
    try (S3Client s3 = client(settings)) {
      return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix.isEmpty() ? null : prefix)).contents().stream()
          .map(S3Object::key)
          .filter(key -> isBlob(key, prefix))
          .toList();
    } catch (NoSuchBucketException e) {
      return List.of();
    }
  }

  /**
   * Every blob of the tenant as stored, by name, read behind Silo's back: the files (or S3 objects)
   * of its space, and the inline rows ({@code i…}) of its current objects.
   */
  static Map<String, byte[]> raw(TestSilo silo, Map<String, String> settings, String slug) throws Exception {
    Map<String, byte[]> blobs = new java.util.TreeMap<>(inline(silo, slug));
    String[] space = space(silo, settings, slug);
    if (settings.getOrDefault("SILO_STORAGE", "fs").equals("s3")) {
      try (S3Client s3 = client(settings)) {
        for (String key : listS3(settings, space[0], space[1])) {
          blobs.put(key.substring(space[1].length()), s3.getObjectAsBytes(b -> b.bucket(space[0]).key(key)).asByteArray());
        }
      }
      return blobs;
    }
    Path dir = silo.dataDir().resolve("blobs").resolve(space[0]).resolve(space[1]);
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          blobs.put(f.getFileName().toString(), Files.readAllBytes(f));
        }
      }
    }
    return blobs;
  }

  /** The rows of the tenant's current inline objects, as the metadata store holds them. */
  private static Map<String, byte[]> inline(TestSilo silo, String slug) {
    String id = silo.operator().get("/v1/tenants/" + slug).json().path("id").asText();
    dev.silo.core.domain.TenantId tenant = new dev.silo.core.domain.TenantId(id);
    return silo.silo().metadata().inTenant(tenant, tx -> {
      Map<String, byte[]> rows = new java.util.TreeMap<>();
      for (var bucket : tx.buckets().list()) {
        for (var o : tx.objects().scan(bucket.name(), "", false, 10_000)) {
          if (o.blob() != null && o.blob().inline()) {
            tx.inline().get(o.blob()).ifPresent(bytes -> rows.put(o.blob().value(), bytes));
          }
        }
      }
      return rows;
    });
  }

  /**
   * Whether {@code stored} bytes in the backend can hold {@code plain} bytes sealed by encryption at
   * rest: no less, and no more than Tink's header and 16-byte tag per 64 KiB segment plus the unit
   * trailers allow (under 1% and 1 KiB per unit).
   */
  public static boolean sealedSize(long stored, long plain, int units) {
    return stored > plain && stored <= plain + plain / 100 + 1024L * units;
  }

  /** Where {@code marker} (a run of plain text a test wrote) first occurs in stored bytes; -1 if nowhere. */
  public static int indexOf(byte[] stored, byte[] marker) {
    outer:
    for (int i = 0; i + marker.length <= stored.length; i++) {
      for (int j = 0; j < marker.length; j++) {
        if (stored[i + j] != marker[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The tenant's storage space as Silo computes it. */
  public static dev.silo.core.domain.StorageSpace storageSpace(TestSilo silo, Map<String, String> settings, String slug) {
    String[] space = space(silo, settings, slug);
    return new dev.silo.core.domain.StorageSpace(space[0], space[1]);
  }
}
