package dev.silo.api.s3;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.bucket.BucketService;
import dev.silo.core.domain.Bucket;
import java.io.IOException;

/** ListBuckets: the buckets the credential may see (its one bucket, if scoped). */
final class ServiceOps {
  private final BucketService buckets;

  ServiceOps(BucketService buckets) {
    this.buckets = buckets;
  }

  void listBuckets(S3Exchange ex) throws IOException {
    RequestContext ctx = ex.context();
    Xml x = Xml.document("ListAllMyBucketsResult");
    x.open("Owner").el("ID", ctx.tenant().value()).el("DisplayName", ctx.tenant().value()).close("Owner");
    x.open("Buckets");
    for (Bucket b : buckets.list(ctx)) {
      if (ctx.bucketScope().map(s -> s.equals(b.name())).orElse(true)) {
        x.open("Bucket").el("Name", b.name().value()).el("CreationDate", b.createdAt()).close("Bucket");
      }
    }
    x.close("Buckets");
    ex.xml(200, x.end("ListAllMyBucketsResult"));
  }
}
