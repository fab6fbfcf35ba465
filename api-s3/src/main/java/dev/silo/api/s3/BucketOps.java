package dev.silo.api.s3;

import dev.silo.core.bucket.BucketService;
import java.io.IOException;

/** CreateBucket, DeleteBucket, HeadBucket, GetBucketLocation. */
final class BucketOps {
  private final BucketService buckets;
  private final String region;

  BucketOps(BucketService buckets, String region) {
    this.buckets = buckets;
    this.region = region;
  }

  /** A tenant bucket within max_buckets; one the tenant owns already is BucketAlreadyOwnedByYou. */
  void create(S3Exchange ex) throws IOException {
    try (var body = ex.body()) {
      body.readNBytes(Xml.MAX_BODY); // a CreateBucketConfiguration names a region; there is one
    }
    buckets.create(ex.context(), ex.bucket());
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
    // S3 answers an empty constraint for us-east-1
    byte[] body = region.equals("us-east-1") ? x.end("LocationConstraint") : appendRegion(x);
    ex.xml(200, body);
  }

  private byte[] appendRegion(Xml x) {
    return new String(x.end("LocationConstraint"), java.nio.charset.StandardCharsets.UTF_8)
        .replace("\"></LocationConstraint>", "\">" + region + "</LocationConstraint>")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
