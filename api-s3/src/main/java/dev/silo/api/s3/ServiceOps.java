package dev.silo.api.s3;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.bucket.BucketService;
import dev.silo.core.domain.Bucket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * ListBuckets: the buckets the credential may see (its one bucket, if scoped), by name, paged by
 * {@code max-buckets} and an opaque {@code continuation-token} (the last name of the page before)
 * and filtered by {@code prefix}, as S3's paginated ListBuckets is.
 */
final class ServiceOps {
  private static final int MAX_BUCKETS = 10_000;

  private final BucketService buckets;

  ServiceOps(BucketService buckets) {
    this.buckets = buckets;
  }

  void listBuckets(S3Exchange ex) throws IOException {
    RequestContext ctx = ex.context();
    String prefix = ex.query("prefix").orElse("");
    String after = ex.query("continuation-token").filter(t -> !t.isEmpty()).map(ServiceOps::decodeToken).orElse("");
    int max = maxBuckets(ex);
    List<Bucket> visible =
        buckets.list(ctx).stream()
            .filter(b -> ctx.bucketScope().map(s -> s.equals(b.name())).orElse(true))
            .filter(b -> b.name().value().startsWith(prefix) && b.name().value().compareTo(after) > 0)
            .sorted(Comparator.comparing(b -> b.name().value()))
            .toList();
    List<Bucket> page = visible.size() > max ? visible.subList(0, max) : visible;
    Xml x = Xml.document("ListAllMyBucketsResult");
    x.open("Owner").el("ID", ctx.tenant().value()).el("DisplayName", ctx.tenant().value()).close("Owner");
    x.open("Buckets");
    for (Bucket b : page) {
      x.open("Bucket").el("Name", b.name().value()).el("CreationDate", b.createdAt()).close("Bucket");
    }
    x.close("Buckets");
    if (page.size() < visible.size()) {
      x.el("ContinuationToken", encodeToken(page.getLast().name().value()));
    }
    x.el("Prefix", ex.query("prefix").orElse(null));
    ex.xml(200, x.end("ListAllMyBucketsResult"));
  }

  /** ListBuckets' page size: 1 to 10000, as S3 takes it (larger is refused, not capped). */
  private static int maxBuckets(S3Exchange ex) {
    int n = ex.intParam("max-buckets", 1, Integer.MAX_VALUE, MAX_BUCKETS);
    if (n > MAX_BUCKETS) {
      throw S3Error.invalidArgument("max-buckets must be an integer between 1 and 10000");
    }
    return n;
  }

  private static String encodeToken(String lastName) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(lastName.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw S3Error.invalidArgument("the continuation token is not one this endpoint issued");
    }
  }
}
