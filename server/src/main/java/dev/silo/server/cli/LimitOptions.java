package dev.silo.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The tenant limit options shared by {@code tenant create} and {@code tenant update}. */
final class LimitOptions {
  @Option(
      names = "--max-bytes",
      paramLabel = "SIZE",
      converter = Limit.Bytes.class,
      description = "Total stored bytes, e.g. 10GiB, or 'unlimited'.")
  Limit maxBytes;

  @Option(
      names = "--max-objects",
      paramLabel = "N",
      converter = Limit.Count.class,
      description = "Number of objects, or 'unlimited'.")
  Limit maxObjects;

  @Option(
      names = "--max-upload-bytes",
      paramLabel = "SIZE",
      converter = Limit.Bytes.class,
      description = "Largest single upload, e.g. 500MiB, or 'unlimited'.")
  Limit maxUploadBytes;

  @Option(names = "--max-buckets", paramLabel = "N", description = "Number of buckets (1-1000).")
  Integer maxBuckets;

  @Option(
      names = "--allowed-content-type",
      paramLabel = "TYPE",
      split = ",",
      description = "A media type uploads may have, e.g. text/csv or image/*; repeat for more.")
  List<String> allowedContentTypes;

  @Option(names = "--any-content-type", description = "Allow every content type again.")
  boolean anyContentType;

  /** The {@code limits} object holding only what was given, or null when nothing was. */
  ObjectNode toJson(CommandSpec spec) {
    if (anyContentType && allowedContentTypes != null) {
      throw new ParameterException(
          spec.commandLine(), "--any-content-type and --allowed-content-type contradict each other");
    }
    ObjectNode limits = SiloClient.JSON.createObjectNode();
    put(limits, "max_bytes", maxBytes);
    put(limits, "max_objects", maxObjects);
    put(limits, "max_upload_bytes", maxUploadBytes);
    if (maxBuckets != null) {
      limits.put("max_buckets", maxBuckets);
    }
    if (allowedContentTypes != null || anyContentType) {
      ArrayNode types = limits.putArray("allowed_content_types");
      if (allowedContentTypes != null) {
        allowedContentTypes.stream().map(String::strip).filter(t -> !t.isEmpty()).forEach(types::add);
      }
    }
    return limits.isEmpty() ? null : limits;
  }

  private static void put(ObjectNode limits, String field, Limit limit) {
    if (limit != null) {
      limits.put(field, limit.value());
    }
  }
}
