package dev.silo.api.s3;

import dev.silo.core.bucket.BucketService;
import dev.silo.core.error.ConflictException;
import java.io.IOException;

/** CreateBucket, DeleteBucket, HeadBucket, GetBucketLocation. */
final class BucketOps {
  private static final String US_EAST_1 = "us-east-1";

  private final BucketService buckets;
  private final String region;

  BucketOps(BucketService buckets, String region) {
    this.buckets = buckets;
    this.region = region;
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
      buckets.create(ex.context(), ex.bucket());
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
