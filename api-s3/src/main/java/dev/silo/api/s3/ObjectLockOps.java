package dev.silo.api.s3;

import dev.silo.core.bucket.BucketService;
import dev.silo.core.domain.ObjectLock;
import dev.silo.core.version.ObjectVersion;
import dev.silo.core.version.VersionService;
import java.io.IOException;
import org.w3c.dom.Element;

/**
 * S3 Object Lock: Get/PutObjectLockConfiguration of a bucket (on for good, with or without a
 * default retention), Get/PutObjectRetention and Get/PutObjectLegalHold of a version. The rules
 * (what may be shortened, what protects a version from deletion) are the core's {@link ObjectLock}.
 */
final class ObjectLockOps {
  private final BucketService buckets;
  private final VersionService versions;

  ObjectLockOps(BucketService buckets, VersionService versions) {
    this.buckets = buckets;
    this.versions = versions;
  }

  private VersionService versions() {
    if (versions == null) {
      throw S3Error.unsupportedOperation("object lock");
    }
    return versions;
  }

  void getConfiguration(S3Exchange ex) throws IOException {
    ObjectLock.Configuration c = buckets.get(ex.context(), ex.bucket()).objectLock();
    if (c == null) {
      throw new S3Error(404, "ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket");
    }
    Xml x = Xml.document("ObjectLockConfiguration");
    x.el("ObjectLockEnabled", "Enabled");
    if (c.defaultMode() != null) {
      x.open("Rule").open("DefaultRetention").el("Mode", c.defaultMode().name());
      if (c.days() != null) {
        x.el("Days", c.days());
      } else {
        x.el("Years", c.years());
      }
      x.close("DefaultRetention").close("Rule");
    }
    ex.xml(200, x.end("ObjectLockConfiguration"));
  }

  void putConfiguration(S3Exchange ex) throws IOException {
    Element root = document(ex, "ObjectLockConfiguration");
    if (!"Enabled".equals(strip(Xml.text(root, "ObjectLockEnabled")))) {
      throw S3Error.malformedXml();
    }
    ObjectLock.Configuration config = ObjectLock.Configuration.ENABLED;
    Element rule = Xml.only(root, "Rule");
    if (rule != null) {
      Element retention = Xml.only(rule, "DefaultRetention");
      if (retention == null) {
        throw S3Error.malformedXml();
      }
      String mode = strip(Xml.text(retention, "Mode"));
      config = new ObjectLock.Configuration(mode == null ? null : ObjectLock.Mode.named(mode),
          number(Xml.text(retention, "Days")), number(Xml.text(retention, "Years")));
    }
    buckets.setObjectLock(ex.context(), ex.bucket(), config);
    ex.empty(200);
  }

  void getRetention(S3Exchange ex) throws IOException {
    ObjectLock lock = locked(ex).object().lock();
    if (lock.mode() == null) {
      throw new S3Error(404, "NoSuchObjectLockConfiguration", "The specified object does not have a ObjectLock configuration");
    }
    Xml x = Xml.document("Retention");
    x.el("Mode", lock.mode().name()).el("RetainUntilDate", lock.retainUntil().toString());
    ex.xml(200, x.end("Retention"));
  }

  /** An empty Retention removes it (a GOVERNANCE one with the bypass). */
  void putRetention(S3Exchange ex) throws IOException {
    Element root = document(ex, "Retention");
    String mode = strip(Xml.text(root, "Mode"));
    String until = strip(Xml.text(root, "RetainUntilDate"));
    ObjectLock asked = ObjectLock.of(mode, until, false);
    ObjectVersion v = versions().setRetention(ex.context(), ex.bucket(), ex.key(), ex.query("versionId").orElse(null),
        asked.mode(), asked.retainUntil(), ObjectOps.bypassGovernance(ex));
    ObjectHeaders.versionId(ex, v.object());
    ex.empty(200);
  }

  /** OFF for a version never put under a legal hold as for one taken off it. */
  void getLegalHold(S3Exchange ex) throws IOException {
    ObjectLock lock = locked(ex).object().lock();
    Xml x = Xml.document("LegalHold");
    x.el("Status", lock.legalHold() ? "ON" : "OFF");
    ex.xml(200, x.end("LegalHold"));
  }

  void putLegalHold(S3Exchange ex) throws IOException {
    Element root = document(ex, "LegalHold");
    String status = strip(Xml.text(root, "Status"));
    if (!"ON".equals(status) && !"OFF".equals(status)) {
      throw S3Error.malformedXml();
    }
    ObjectVersion v = versions().setLegalHold(ex.context(), ex.bucket(), ex.key(), ex.query("versionId").orElse(null), status.equals("ON"));
    ObjectHeaders.versionId(ex, v.object());
    ex.empty(200);
  }

  /** The version asked for, in a bucket with object lock (else 400, as on S3). */
  private ObjectVersion locked(S3Exchange ex) {
    ObjectVersion v = versions().locked(ex.context(), ex.bucket(), ex.key(), ex.query("versionId").orElse(null));
    ObjectHeaders.versionId(ex, v.object());
    return v;
  }

  private static Element document(S3Exchange ex, String name) throws IOException {
    Element root;
    try (var body = ex.body()) {
      root = Xml.parse(body);
    }
    if (!name.equals(root.getLocalName())) {
      throw S3Error.malformedXml();
    }
    return root;
  }

  private static String strip(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static Integer number(String s) {
    if (strip(s) == null) {
      return null;
    }
    try {
      return Integer.valueOf(s.strip());
    } catch (NumberFormatException e) {
      throw S3Error.malformedXml();
    }
  }
}
