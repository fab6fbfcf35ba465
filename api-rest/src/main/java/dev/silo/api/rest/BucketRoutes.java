package dev.silo.api.rest;

import dev.silo.core.bucket.BucketService;
import dev.silo.core.domain.Bucket;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.BucketTags;
import dev.silo.core.domain.CorsRules;
import dev.silo.core.domain.Lifecycle;
import dev.silo.core.domain.LifecycleRule;
import dev.silo.core.domain.ObjectTags;
import com.fasterxml.jackson.databind.JsonNode;
import dev.silo.core.domain.Versioning;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.version.VersionService;
import dev.silo.http.Exchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A tenant's buckets. */
final class BucketRoutes {
  private final BucketService buckets;
  private final VersionService versions;

  BucketRoutes(BucketService buckets, VersionService versions) {
    this.buckets = buckets;
    this.versions = versions;
  }

  /**
   * {@code {"versioning":"enabled"|"suspended", "noncurrent_days": N|null, "object_lock": {...},
   * "tags": {...}}}: any field may be left out. Versioning is set before object lock, which needs it
   * enabled; {@code tags} replace the bucket's ({@code {}} removes them).
   */
  void update(Exchange ex) throws IOException {
    Bodies.PatchBucket body = ex.readJson(Bodies.PatchBucket.class);
    if (body == null) {
      throw new InvalidInputException("invalid_body", "a JSON object is required");
    }
    Versioning versioning = body.versioning() == null ? null : Versioning.parse(body.versioning());
    JsonNode days = body.noncurrentDays();
    boolean setDays = days != null;
    Integer noncurrentDays = null;
    if (setDays && !days.isNull()) {
      if (!days.canConvertToInt() || !days.isIntegralNumber()) {
        throw new InvalidInputException("invalid_noncurrent_days", "noncurrent_days must be a whole number of days or null");
      }
      noncurrentDays = days.intValue();
    }
    BucketName name = new BucketName(ex.param("bucket"));
    BucketTags tags = body.tags() == null ? null : new BucketTags(body.tags()); // checked before anything changes
    Bucket b = null;
    if (versioning != null || setDays || (body.objectLock() == null && tags == null)) {
      b = versions.configure(ex.context(), name, versioning, setDays, noncurrentDays);
    }
    if (body.objectLock() != null) {
      b = buckets.setObjectLock(ex.context(), name, body.objectLock().configuration());
    }
    if (tags != null) {
      b = buckets.setTags(ex.context(), name, tags);
    }
    ex.json(200, Views.bucket(b));
  }

  void lifecycle(Exchange ex) throws IOException {
    ex.json(200, Views.lifecycle(buckets.get(ex.context(), new BucketName(ex.param("bucket"))).lifecycle()));
  }

  /** {@code {"rules": [...]}}, each rule as {@link Bodies.LifecycleRuleBody}; an empty list removes them all. */
  void putLifecycle(Exchange ex) throws IOException {
    Bodies.LifecycleBody body = ex.readJson(Bodies.LifecycleBody.class);
    if (body == null || body.rules() == null) {
      throw new InvalidInputException("invalid_body", "a JSON object with rules is required");
    }
    List<LifecycleRule> rules = new ArrayList<>();
    for (Bodies.LifecycleRuleBody r : body.rules()) {
      if (r == null) {
        throw new InvalidInputException("invalid_lifecycle", "a rule must be an object");
      }
      rules.add(new LifecycleRule(
          r.id() == null ? "rule-" + (rules.size() + 1) : r.id(),
          r.enabled() == null || r.enabled(),
          r.prefix(),
          r.expirationDays(),
          r.expirationDate(),
          Boolean.TRUE.equals(r.expiredObjectDeleteMarker()),
          r.noncurrentDays(),
          r.abortIncompleteUploadDays(),
          r.tags() == null ? ObjectTags.NONE : new ObjectTags(r.tags()),
          r.objectSizeGreaterThan(),
          r.objectSizeLessThan()));
    }
    Bucket b = buckets.setLifecycle(ex.context(), new BucketName(ex.param("bucket")), new Lifecycle(rules));
    ex.json(200, Views.lifecycle(b.lifecycle()));
  }

  void deleteLifecycle(Exchange ex) throws IOException {
    buckets.setLifecycle(ex.context(), new BucketName(ex.param("bucket")), Lifecycle.NONE);
    ex.empty(204);
  }

  void cors(Exchange ex) throws IOException {
    ex.json(200, Views.cors(buckets.get(ex.context(), new BucketName(ex.param("bucket"))).cors()));
  }

  /** {@code {"rules": [...]}}, each rule as {@link Bodies.CorsRuleBody}; an empty list removes them all. */
  void putCors(Exchange ex) throws IOException {
    Bodies.CorsBody body = ex.readJson(Bodies.CorsBody.class);
    if (body == null || body.rules() == null) {
      throw new InvalidInputException("invalid_body", "a JSON object with rules is required");
    }
    List<CorsRules.Rule> rules = new ArrayList<>();
    for (Bodies.CorsRuleBody r : body.rules()) { // the JSON reader refuses a null rule or value
      rules.add(new CorsRules.Rule(r.id(), listOf(r.allowedOrigins()), listOf(r.allowedMethods()), listOf(r.allowedHeaders()),
          listOf(r.exposeHeaders()), r.maxAgeSeconds()));
    }
    Bucket b = buckets.setCors(ex.context(), new BucketName(ex.param("bucket")), new CorsRules(rules));
    ex.json(200, Views.cors(b.cors()));
  }

  void deleteCors(Exchange ex) throws IOException {
    buckets.setCors(ex.context(), new BucketName(ex.param("bucket")), CorsRules.NONE);
    ex.empty(204);
  }

  private static List<String> listOf(List<String> values) {
    return values == null ? List.of() : values;
  }

  void create(Exchange ex) throws IOException {
    Bodies.CreateBucket body = ex.readJson(Bodies.CreateBucket.class);
    if (body.name() == null) {
      throw new InvalidInputException("invalid_bucket_name", "name is required");
    }
    ex.json(201, Views.bucket(buckets.create(ex.context(), new BucketName(body.name()), Boolean.TRUE.equals(body.objectLock()))));
  }

  void list(Exchange ex) throws IOException {
    ex.json(200, Views.items(buckets.list(ex.context()).stream().map(Views::bucket).toList()));
  }

  void get(Exchange ex) throws IOException {
    ex.json(200, Views.bucket(buckets.get(ex.context(), new BucketName(ex.param("bucket")))));
  }

  void delete(Exchange ex) throws IOException {
    boolean force = ex.query("force").map(Boolean::parseBoolean).orElse(false);
    buckets.delete(ex.context(), new BucketName(ex.param("bucket")), force);
    ex.empty(204);
  }
}
