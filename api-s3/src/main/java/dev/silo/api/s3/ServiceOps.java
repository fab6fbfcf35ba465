package dev.silo.api.s3;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.bucket.BucketService;
import dev.silo.core.domain.Bucket;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/** ListBuckets: the buckets the credential may see (its one bucket, if scoped). */
final class ServiceOps {
  private final BucketService buckets;

  ServiceOps(BucketService buckets) {
    this.buckets = buckets;
  }

  void listBuckets(S3Exchange ex) throws IOException {
    RequestContext ctx = ex.context();
    // ListBuckets pages since 2024: max-buckets 1..10000, continuation-token the last name served
    int max = ex.intParam("max-buckets", 1, 10_000, 10_000);
    String after = ex.query("continuation-token").orElse("");
    List<Bucket> visible =
        buckets.list(ctx).stream()
            .filter(b -> ctx.bucketScope().map(s -> s.equals(b.name())).orElse(true))
            .filter(b -> b.name().value().compareTo(after) > 0)
            .sorted(Comparator.comparing(b -> b.name().value()))
            .toList();
    Xml x = Xml.document("ListAllMyBucketsResult");
    x.open("Owner").el("ID", ctx.tenant().value()).el("DisplayName", ctx.tenant().value()).close("Owner");
    x.open("Buckets");
    List<Bucket> page = visible.size() > max ? visible.subList(0, max) : visible;
    for (Bucket b : page) {
      x.open("Bucket").el("Name", b.name().value()).el("CreationDate", b.createdAt()).close("Bucket");
    }
    x.close("Buckets");
    if (page.size() < visible.size()) {
      x.el("ContinuationToken", page.getLast().name().value());
    }
    ex.xml(200, x.end("ListAllMyBucketsResult"));
  }
}
