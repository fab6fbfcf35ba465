package dev.silo.api.rest;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.content.CsvPreview;
import dev.silo.core.content.CsvPreviewService;
import dev.silo.core.content.PreviewLimits;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.version.VersionService;
import dev.silo.http.Exchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bounded CSV/TSV preview, by key (of a version with {@code ?version_id=}) and by object id
 * ({@code ?max_bytes=&max_rows=}).
 */
final class PreviewRoutes {
  private final CsvPreviewService previews;
  private final VersionService versions;

  PreviewRoutes(CsvPreviewService previews, VersionService versions) {
    this.previews = previews;
    this.versions = versions;
  }

  void byKey(Exchange ex) throws IOException {
    RequestContext ctx = ex.context();
    BucketName bucket = ObjectRoutes.bucket(ex);
    ObjectKey key = ObjectRoutes.key(ex);
    String version = ex.query("version_id").orElse(null);
    CsvPreview preview =
        version == null
            ? previews.preview(ctx, bucket, key, limits(ex))
            : previews.preview(
                versions.info(ctx, bucket, key, version), range -> versions.read(ctx, bucket, key, version, range, null, true), limits(ex));
    ex.json(200, view(preview));
  }

  void byId(Exchange ex) throws IOException {
    ex.json(200, view(previews.preview(ex.context(), new ObjectId(ex.param("object_id")), limits(ex))));
  }

  private static PreviewLimits limits(Exchange ex) {
    return PreviewLimits.of(ex.queryLong("max_bytes").orElse(null), ex.queryLong("max_rows").orElse(null));
  }

  /** PRODUCT.md's shape, nulls kept; frequency confidence and evidence beside it. */
  static Map<String, Object> view(CsvPreview p) {
    Map<String, Object> v = new LinkedHashMap<>();
    List<Map<String, Object>> columns =
        p.columns().stream()
            .map(
                c -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("name", c.name());
                  m.put("type", c.type().wire());
                  if (c.format() != null) {
                    m.put("format", c.format());
                  }
                  return m;
                })
            .toList();
    v.put("columns", columns);
    v.put("rows", p.rows());
    v.put("delimiter", p.delimiter());
    v.put("has_header", p.hasHeader());
    v.put("timestamp_column", p.timestampColumn());
    v.put("target_column", p.targetColumn());
    v.put("item_id_column", p.itemIdColumn());
    v.put("frequency", p.frequency());
    v.put("frequency_confidence", p.frequencyConfidence());
    v.put("evidence", p.evidence());
    v.put("truncated", p.truncated());
    v.put("bytes_read", p.bytesRead());
    v.put("bytes_decoded", p.bytesDecoded());
    v.put("compressed", p.compressed());
    v.put("errors", p.errors());
    return v;
  }
}
