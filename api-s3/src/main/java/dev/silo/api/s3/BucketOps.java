package dev.silo.api.s3;

import dev.silo.core.bucket.BucketService;
import dev.silo.core.error.ConflictException;
import dev.silo.core.domain.Bucket;
import dev.silo.core.domain.BucketTags;
import dev.silo.core.domain.CorsRules;
import dev.silo.core.domain.Lifecycle;
import dev.silo.core.domain.Versioning;
import dev.silo.core.version.VersionService;
import dev.silo.http.Cors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/** CreateBucket, DeleteBucket, HeadBucket, GetBucketLocation, and the bucket configurations: versioning, lifecycle, encryption, CORS. */
final class BucketOps {
  private static final String US_EAST_1 = "us-east-1";

  private final BucketService buckets;
  private final VersionService versions;
  private final String region;
  private final boolean encryption;
  private final Cors cors;

  /** {@code versions} null: a bucket's versioning cannot be changed (PutBucketVersioning is NotImplemented). */
  BucketOps(BucketService buckets, VersionService versions, String region, boolean encryption, Cors cors) {
    this.buckets = buckets;
    this.versions = versions;
    this.region = region;
    this.encryption = encryption;
    this.cors = cors;
  }

  /**
   * The bucket's CORS rules; a bucket without any reports the server's rule ({@code
   * SILO_CORS_ORIGINS}, which answers browsers for every bucket first), so that a tool asking sees
   * what browsers get; neither, S3's 404.
   */
  void getCors(S3Exchange ex) throws IOException {
    CorsRules rules = buckets.get(ex.context(), ex.bucket()).cors();
    if (!rules.isEmpty()) {
      Xml x = Xml.document("CORSConfiguration");
      for (CorsRules.Rule r : rules.rules()) {
        x.open("CORSRule");
        if (r.id() != null) {
          x.el("ID", r.id());
        }
        r.allowedHeaders().forEach(v -> x.el("AllowedHeader", v));
        r.allowedMethods().forEach(v -> x.el("AllowedMethod", v));
        r.allowedOrigins().forEach(v -> x.el("AllowedOrigin", v));
        r.exposeHeaders().forEach(v -> x.el("ExposeHeader", v));
        if (r.maxAgeSeconds() != null) {
          x.el("MaxAgeSeconds", r.maxAgeSeconds());
        }
        x.close("CORSRule");
      }
      ex.xml(200, x.end("CORSConfiguration"));
      return;
    }
    if (cors.origins().isEmpty()) {
      throw new S3Error(404, "NoSuchCORSConfiguration", "The CORS configuration does not exist");
    }
    Xml x = Xml.document("CORSConfiguration").open("CORSRule");
    for (String origin : cors.origins()) {
      x.el("AllowedOrigin", origin);
    }
    for (String method : List.of("GET", "HEAD", "PUT", "POST", "DELETE")) {
      x.el("AllowedMethod", method);
    }
    x.el("AllowedHeader", "*").el("ExposeHeader", "ETag").el("MaxAgeSeconds", 600);
    ex.xml(200, x.close("CORSRule").end("CORSConfiguration"));
  }

  /** Replaces the bucket's CORS rules with the configuration's, checked as S3 checks them. */
  void putCors(S3Exchange ex) throws IOException {
    buckets.get(ex.context(), ex.bucket());
    Element root;
    try (var body = ex.body()) {
      root = Xml.parse(body);
    }
    if (!"CORSConfiguration".equals(root.getLocalName())) {
      throw S3Error.malformedXml();
    }
    List<CorsRules.Rule> rules = new ArrayList<>();
    for (Element rule : Xml.children(root, "CORSRule")) {
      List<Element> ids = Xml.children(rule, "ID");
      List<Element> maxAge = Xml.children(rule, "MaxAgeSeconds");
      Integer seconds = null;
      if (!maxAge.isEmpty()) {
        try {
          seconds = Integer.valueOf(maxAge.getFirst().getTextContent().strip());
        } catch (NumberFormatException e) {
          throw S3Error.malformedXml();
        }
      }
      rules.add(new CorsRules.Rule(ids.isEmpty() ? null : ids.getFirst().getTextContent().strip(),
          texts(rule, "AllowedOrigin"), texts(rule, "AllowedMethod"), texts(rule, "AllowedHeader"), texts(rule, "ExposeHeader"),
          seconds));
    }
    if (rules.isEmpty()) {
      throw S3Error.malformedXml();
    }
    buckets.setCors(ex.context(), ex.bucket(), new CorsRules(rules));
    ex.empty(200);
  }

  /** Removes the bucket's CORS rules; the server's origins still answer (S3 answers 204 with or without rules). */
  void deleteCors(S3Exchange ex) throws IOException {
    buckets.setCors(ex.context(), ex.bucket(), CorsRules.NONE);
    ex.empty(204);
  }

  private static List<String> texts(Element parent, String name) {
    return Xml.children(parent, name).stream().map(e -> e.getTextContent().strip()).toList();
  }

  /**
   * Silo encrypts every new object under its tenant's key when SILO_ENCRYPTION is on (the default):
   * S3's SSE-S3, so every bucket reports AES256 as its default encryption; with it off, none.
   */
  void getEncryption(S3Exchange ex) throws IOException {
    buckets.get(ex.context(), ex.bucket());
    if (!encryption) {
      throw new S3Error(404, "ServerSideEncryptionConfigurationNotFoundError", "the server side encryption configuration was not found");
    }
    ex.xml(200, Xml.document("ServerSideEncryptionConfiguration")
        .open("Rule")
        .open("ApplyServerSideEncryptionByDefault").el("SSEAlgorithm", "AES256").close("ApplyServerSideEncryptionByDefault")
        .el("BucketKeyEnabled", "false")
        .close("Rule")
        .end("ServerSideEncryptionConfiguration"));
  }

  /**
   * Accepts what Silo does anyway (AES256, SSE-S3) and refuses the rest clearly: Silo holds no KMS
   * keys, and cannot turn encryption on for one bucket while the server has it off.
   */
  void putEncryption(S3Exchange ex) throws IOException {
    buckets.get(ex.context(), ex.bucket());
    org.w3c.dom.Element root;
    try (var body = ex.body()) {
      root = Xml.parse(body);
    }
    List<String> algorithms = new ArrayList<>();
    for (org.w3c.dom.Element rule : Xml.children(root, "Rule")) {
      for (org.w3c.dom.Element apply : Xml.children(rule, "ApplyServerSideEncryptionByDefault")) {
        algorithms.add(String.valueOf(Xml.text(apply, "SSEAlgorithm")).strip());
      }
    }
    if (algorithms.isEmpty()) {
      throw S3Error.malformedXml();
    }
    for (String algorithm : algorithms) {
      if (!algorithm.equals("AES256")) {
        throw new S3Error(400, "InvalidEncryptionAlgorithmError",
            "only AES256 (SSE-S3) is supported: Silo encrypts every object under its own per-tenant keys and holds no KMS keys");
      }
    }
    if (!encryption) {
      throw new S3Error(400, "InvalidRequest", "encryption at rest is turned off on this server (SILO_ENCRYPTION=off)");
    }
    ex.empty(200);
  }

  /** The bucket's lifecycle rules (the REST API's {@code noncurrent_days} among them); none, S3's 404. */
  void getLifecycle(S3Exchange ex) throws IOException {
    Lifecycle lifecycle = buckets.get(ex.context(), ex.bucket()).lifecycle();
    if (lifecycle.isEmpty()) {
      throw new S3Error(404, "NoSuchLifecycleConfiguration", "the lifecycle configuration does not exist");
    }
    ex.xml(200, LifecycleXml.write(lifecycle));
  }

  /** Replaces the bucket's rules, which the lifecycle sweeper applies from its next pass. */
  void putLifecycle(S3Exchange ex) throws IOException {
    buckets.get(ex.context(), ex.bucket());
    Element root;
    try (var body = ex.body()) {
      root = Xml.parse(body);
    }
    buckets.setLifecycle(ex.context(), ex.bucket(), LifecycleXml.read(root));
    ex.empty(200);
  }

  void deleteLifecycle(S3Exchange ex) throws IOException {
    buckets.setLifecycle(ex.context(), ex.bucket(), Lifecycle.NONE);
    ex.empty(204);
  }

  /** A bucket's tags; 404 NoSuchTagSet without any, as S3 answers. */
  void getTagging(S3Exchange ex) throws IOException {
    BucketTags tags = buckets.get(ex.context(), ex.bucket()).tags();
    if (tags.isEmpty()) {
      throw new S3Error(404, "NoSuchTagSet", "There is no tag set associated with the bucket.");
    }
    ex.xml(200, TaggingXml.write(tags.tags()));
  }

  void putTagging(S3Exchange ex) throws IOException {
    Element root;
    try (var body = ex.body()) {
      root = Xml.parse(body);
    }
    buckets.setTags(ex.context(), ex.bucket(), new BucketTags(TaggingXml.tags(root)));
    ex.empty(204);
  }

  void deleteTagging(S3Exchange ex) throws IOException {
    buckets.setTags(ex.context(), ex.bucket(), BucketTags.NONE);
    ex.empty(204);
  }

  /** A bucket never versioned answers an empty configuration, as S3 does; else Enabled or Suspended. */
  void getVersioning(S3Exchange ex) throws IOException {
    Bucket b = buckets.get(ex.context(), ex.bucket());
    Xml x = Xml.document("VersioningConfiguration");
    switch (b.versioning()) {
      case ENABLED -> x.el("Status", "Enabled");
      case SUSPENDED -> x.el("Status", "Suspended");
      case OFF -> { }
    }
    ex.xml(200, x.end("VersioningConfiguration"));
  }

  /**
   * Status Enabled or Suspended (S3 has no way back to unversioned either). MFA delete needs
   * hardware tokens Silo has no notion of: asking for it is refused, not ignored.
   */
  void putVersioning(S3Exchange ex) throws IOException {
    if (versions == null) {
      throw S3Error.unsupportedOperation("PUT on bucket ?versioning");
    }
    Element root;
    try (var body = ex.body()) {
      root = Xml.parse(body);
    }
    if (!"VersioningConfiguration".equals(root.getLocalName())) {
      throw S3Error.malformedXml();
    }
    String mfa = Xml.text(root, "MfaDelete");
    if (mfa != null && mfa.strip().equals("Enabled") || ex.header("x-amz-mfa").isPresent()) {
      throw new S3Error(501, "NotImplemented", "MFA delete is not supported: Silo has no MFA devices");
    }
    if (mfa != null && !mfa.strip().equals("Disabled")) {
      throw S3Error.malformedXml();
    }
    String status = Xml.text(root, "Status");
    Versioning v =
        switch (status == null ? "" : status.strip()) {
          case "Enabled" -> Versioning.ENABLED;
          case "Suspended" -> Versioning.SUSPENDED;
          default -> throw S3Error.malformedXml();
        };
    versions.configure(ex.context(), ex.bucket(), v, false, null);
    ex.empty(200);
  }

  /**
   * A tenant bucket within max_buckets. Creating one the tenant owns already succeeds in
   * us-east-1 and leaves it as it is (S3's legacy behaviour there, which clients rely on); in any
   * other region it is BucketAlreadyOwnedByYou, as S3 answers.
   */
  void create(S3Exchange ex) throws IOException {
    try (var body = ex.body()) {
      // a CreateBucketConfiguration names a region, and there is one; a body past any XML's size is refused
      if (body.readNBytes(Xml.MAX_BODY + 1).length > Xml.MAX_BODY) {
        throw new S3Error(400, "MaxMessageLengthExceeded", "the XML body is too large");
      }
    }
    try {
      boolean objectLock = ex.header("x-amz-bucket-object-lock-enabled").map(String::strip).filter("true"::equalsIgnoreCase).isPresent();
      buckets.create(ex.context(), ex.bucket(), objectLock);
    } catch (ConflictException e) {
      if (!e.code().equals("bucket_exists") || !region.equals(US_EAST_1)) {
        throw e;
      }
    }
    ex.header("Location", "/" + ex.bucketText());
    ex.empty(200);
  }

  void delete(S3Exchange ex) throws IOException {
    buckets.delete(ex.context(), ex.bucket(), false);
    ex.empty(204);
  }

  void head(S3Exchange ex) throws IOException {
    buckets.get(ex.context(), ex.bucket());
    ex.header("x-amz-bucket-region", region);
    ex.empty(200);
  }

  void location(S3Exchange ex) throws IOException {
    buckets.get(ex.context(), ex.bucket());
    Xml x = Xml.document("LocationConstraint");
    if (!region.equals(US_EAST_1)) {
      x.text(region); // S3 answers an empty constraint for us-east-1, which clients read as that region
    }
    ex.xml(200, x.end("LocationConstraint"));
  }
}
