package dev.silo.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** How a tenant's JSON reads on a terminal; fields the server leaves out print as "-". */
final class TenantFormat {
  private TenantFormat() {}

  static Table table() {
    return new Table("SLUG", "NAME", "STATUS", "OBJECTS", "SIZE", "MAX SIZE", "CREATED");
  }

  static void addRow(Table table, JsonNode t) {
    JsonNode usage = t.path("usage");
    JsonNode limits = t.path("limits");
    table.add(
        text(t, "slug"),
        text(t, "name"),
        text(t, "status"),
        count(usage.get("objects")),
        size(usage.get("bytes")),
        limits.isObject() ? limitSize(limits.get("max_bytes")) : null,
        text(t, "created_at"));
  }

  static void printDetails(JsonNode t, PrintWriter out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"slug", text(t, "slug")});
    rows.add(new String[] {"name", text(t, "name")});
    rows.add(new String[] {"id", text(t, "id")});
    rows.add(new String[] {"status", text(t, "status")});
    rows.add(new String[] {"created", text(t, "created_at")});
    JsonNode usage = t.get("usage");
    if (usage != null && usage.isObject()) {
      rows.add(new String[] {"objects", count(usage.get("objects"))});
      rows.add(new String[] {"size", size(usage.get("bytes"))});
    }
    JsonNode limits = t.get("limits");
    if (limits != null && limits.isObject()) {
      rows.add(new String[] {"max size", limitSize(limits.get("max_bytes"))});
      rows.add(new String[] {"max objects", limitCount(limits.get("max_objects"))});
      rows.add(new String[] {"max upload", limitSize(limits.get("max_upload_bytes"))});
      rows.add(new String[] {"max buckets", limitCount(limits.get("max_buckets"))});
      rows.add(new String[] {"content types", contentTypes(limits.get("allowed_content_types"))});
    }
    rows.replaceAll(r -> r[1] == null ? new String[] {r[0], "-"} : r);
    Table.pairs(out, rows);
  }

  private static String text(JsonNode node, String field) {
    return SiloClient.text(node, field);
  }

  private static String count(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static String size(JsonNode n) {
    return n != null && n.canConvertToLong() ? ByteSize.format(n.asLong()) : count(n);
  }

  private static String limitSize(JsonNode n) {
    return n == null || n.isNull() ? "unlimited" : size(n);
  }

  private static String limitCount(JsonNode n) {
    return n == null || n.isNull() ? "unlimited" : n.asText();
  }

  private static String contentTypes(JsonNode types) {
    if (types == null || !types.isArray() || types.isEmpty()) {
      return "any";
    }
    List<String> all = new ArrayList<>();
    types.forEach(t -> all.add(t.asText()));
    return String.join(", ", all);
  }
}
