package dev.silo.api.s3;

import dev.silo.core.bucket.BucketService;
import dev.silo.core.domain.Acl;
import dev.silo.core.object.InfoPatch;
import dev.silo.core.object.ObjectService;
import dev.silo.core.version.ObjectVersion;
import dev.silo.core.version.VersionService;
import java.io.IOException;
import org.w3c.dom.Element;

/**
 * S3's ACLs, which Silo keeps as canned ones: a bucket is its tenant's alone, an object private or
 * readable by everyone ({@code public-read}: a public object, served under {@code /v1/public/…}).
 * The Gets answer the canned ACL as S3's document. The Puts take a canned {@code x-amz-acl} or an
 * {@code AccessControlPolicy} whose grants say one of those — the owner's, and everyone's
 * {@code READ} for a public object — which is what s3cmd's {@code setacl}, aws-cli's {@code
 * put-object-acl} and the SDKs send; any other grant (another account, authenticated users,
 * everyone writing) is {@code 501 NotImplemented}, as is a public bucket.
 */
final class AclOps {
  static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
  private static final String XSI = "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";

  private final BucketService buckets;
  private final ObjectService objects;
  private final VersionService versions;

  AclOps(BucketService buckets, ObjectService objects, VersionService versions) {
    this.buckets = buckets;
    this.objects = objects;
    this.versions = versions;
  }

  void getBucket(S3Exchange ex) throws IOException {
    buckets.get(ex.context(), ex.bucket());
    write(ex, Acl.PRIVATE); // a bucket is private; an object may be public-read on its own
  }

  /** Only what the bucket already is: private to its tenant. */
  void putBucket(S3Exchange ex) throws IOException {
    buckets.get(ex.context(), ex.bucket());
    if (asked(ex) != Acl.PRIVATE) {
      throw S3Error.unsupportedOperation("a public bucket (objects are made public one by one, with x-amz-acl: public-read)");
    }
    ex.empty(200);
  }

  void getObject(S3Exchange ex) throws IOException {
    ObjectVersion v = version(ex);
    ObjectHeaders.versionId(ex, v.object());
    write(ex, v.object().acl());
  }

  /**
   * Makes the object public or private. Its current version only: Silo serves only current
   * versions publicly, so the ACL of an earlier one would say nothing (501).
   */
  void putObject(S3Exchange ex) throws IOException {
    Acl acl = asked(ex);
    if (ex.query("versionId").isPresent()) {
      ObjectVersion v = version(ex);
      if (!v.latest()) {
        throw S3Error.unsupportedOperation("setting the ACL of an earlier version");
      }
    }
    var updated = objects.updateInfo(ex.context(), ex.bucket(), ex.key(), new InfoPatch(acl, null, null));
    ObjectHeaders.versionId(ex, updated);
    ex.empty(200);
  }

  private ObjectVersion version(S3Exchange ex) {
    if (versions == null) {
      throw S3Error.unsupportedOperation("object ACLs");
    }
    return versions.version(ex.context(), ex.bucket(), ex.key(), ex.query("versionId").orElse(null));
  }

  /** The ACL a Put asks for: its canned header, else its document's grants. */
  private static Acl asked(S3Exchange ex) throws IOException {
    if (ex.headers().stream().anyMatch(f -> f.getLowerCaseName().startsWith("x-amz-grant-"))) {
      throw S3Error.unsupportedOperation("x-amz-grant-* headers (grants other than a canned ACL's)");
    }
    if (ex.header("x-amz-acl").isPresent()) {
      return ObjectOps.acl(ex);
    }
    Element root;
    try (var body = ex.body()) {
      root = Xml.parse(body);
    }
    if (!"AccessControlPolicy".equals(root.getLocalName())) {
      throw malformedAcl();
    }
    Element list = Xml.only(root, "AccessControlList");
    if (list == null) {
      throw malformedAcl();
    }
    String owner = ex.context().tenant().value();
    boolean everyoneReads = false;
    for (Element grant : Xml.children(list, "Grant")) {
      Element grantee = Xml.only(grant, "Grantee");
      String permission = Xml.text(grant, "Permission");
      if (grantee == null || permission == null) {
        throw malformedAcl();
      }
      String id = Xml.text(grantee, "ID");
      String uri = Xml.text(grantee, "URI");
      if (id != null && id.strip().equals(owner)) {
        continue; // the tenant, which has every permission whatever the grant says
      }
      if (uri != null && uri.strip().equals(ALL_USERS) && permission.strip().equals("READ")) {
        everyoneReads = true;
        continue;
      }
      throw S3Error.unsupportedOperation("grants other than the owner's and everyone's READ");
    }
    return everyoneReads ? Acl.PUBLIC : Acl.PRIVATE;
  }

  private static S3Error malformedAcl() {
    return new S3Error(400, "MalformedACLError", "the XML you provided was not well-formed or did not validate against S3's schema");
  }

  /** The canned ACL as S3's document: the owner (the tenant) with full control, and everyone reading a public one. */
  private static void write(S3Exchange ex, Acl acl) throws IOException {
    String owner = ex.context().tenant().value();
    Xml x = Xml.document("AccessControlPolicy");
    x.open("Owner").el("ID", owner).el("DisplayName", owner).close("Owner").open("AccessControlList");
    x.open("Grant").open("Grantee " + XSI + " xsi:type=\"CanonicalUser\"")
        .el("ID", owner).el("DisplayName", owner).close("Grantee").el("Permission", "FULL_CONTROL").close("Grant");
    if (acl == Acl.PUBLIC) {
      x.open("Grant").open("Grantee " + XSI + " xsi:type=\"Group\"")
          .el("URI", ALL_USERS).close("Grantee").el("Permission", "READ").close("Grant");
    }
    x.close("AccessControlList");
    ex.xml(200, x.end("AccessControlPolicy"));
  }
}
