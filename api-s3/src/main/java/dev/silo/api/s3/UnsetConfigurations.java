package dev.silo.api.s3;

import dev.silo.core.bucket.BucketService;
import dev.silo.core.domain.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * The bucket configurations Silo has no notion of, read as S3 reads a bucket that has none of them
 * (a policy, a website, replication, logging, transfer acceleration, requester pays, notifications,
 * ownership controls, a public access block). Tools that read every setting of a bucket
 * (Terraform's provider, s3cmd's {@code info}) get the truth rather than {@code 501}; setting any
 * of them is still {@code 501 NotImplemented}. The bucket is
 * looked up first: another tenant's is {@code NoSuchBucket}, as everywhere.
 */
final class UnsetConfigurations {
  private final BucketService buckets;

  UnsetConfigurations(BucketService buckets) {
    this.buckets = buckets;
  }

  /** A 404 with S3's code for a configuration a bucket does not have. */
  private record Missing(String operation, String subresource, String code, String message) {}

  /** A document S3 answers for a bucket without the configuration. */
  private record Empty(String operation, String subresource, String root, String payer) {}

  private static final List<Missing> MISSING = List.of(
      new Missing("GetBucketPolicy", "policy", "NoSuchBucketPolicy", "The bucket policy does not exist"),
      new Missing("GetBucketWebsite", "website", "NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration"),
      new Missing("GetBucketReplication", "replication", "ReplicationConfigurationNotFoundError", "The replication configuration was not found"),
      new Missing("GetBucketOwnershipControls", "ownershipControls", "OwnershipControlsNotFoundError", "The bucket ownership controls were not found"),
      new Missing("GetPublicAccessBlock", "publicAccessBlock", "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found"));

  private static final List<Empty> EMPTY = List.of(
      new Empty("GetBucketLogging", "logging", "BucketLoggingStatus", null),
      new Empty("GetBucketAccelerateConfiguration", "accelerate", "AccelerateConfiguration", null),
      new Empty("GetBucketNotificationConfiguration", "notification", "NotificationConfiguration", null),
      new Empty("GetBucketRequestPayment", "requestPayment", "RequestPaymentConfiguration", "BucketOwner"));

  /** Their routes: GETs of the bucket, scope {@code read}. */
  List<S3Routes.Route> routes() {
    List<S3Routes.Route> out = new ArrayList<>();
    for (Missing m : MISSING) {
      out.add(new S3Routes.Route(m.operation(), "GET", S3Routes.Target.BUCKET, m.subresource(), Scope.READ, ex -> {
        buckets.get(ex.context(), ex.bucket());
        throw new S3Error(404, m.code(), m.message());
      }));
    }
    for (Empty e : EMPTY) {
      out.add(new S3Routes.Route(e.operation(), "GET", S3Routes.Target.BUCKET, e.subresource(), Scope.READ, ex -> {
        buckets.get(ex.context(), ex.bucket());
        Xml x = Xml.document(e.root());
        if (e.payer() != null) {
          x.el("Payer", e.payer());
        }
        ex.xml(200, x.end(e.root()));
      }));
    }
    return out;
  }
}
