package dev.silo.api.rest;

import dev.silo.core.bucket.BucketService;
import dev.silo.core.domain.BucketName;
import dev.silo.core.error.InvalidInputException;
import dev.silo.http.Exchange;
import java.io.IOException;

/** A tenant's buckets. */
final class BucketRoutes {
  private final BucketService buckets;

  BucketRoutes(BucketService buckets) {
    this.buckets = buckets;
  }

  void create(Exchange ex) throws IOException {
    Bodies.CreateBucket body = ex.readJson(Bodies.CreateBucket.class);
    if (body.name() == null) {
      throw new InvalidInputException("invalid_bucket_name", "name is required");
    }
    ex.json(201, Views.bucket(buckets.create(ex.context(), new BucketName(body.name()))));
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
