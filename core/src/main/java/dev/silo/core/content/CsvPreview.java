package dev.silo.core.content;

import java.util.List;
import java.util.Map;

/**
 * A bounded preview of a CSV/TSV object. Column names are null where nothing was detected;
 * {@code rows} holds at most the requested number of data rows, each as the parsed fields.
 * {@code bytesRead} is what was read from storage; {@code bytesDecoded} the text it gave (they
 * differ for gzip). {@code truncated} says the object is longer than what was read.
 */
public record CsvPreview(
    List<Column> columns,
    List<List<String>> rows,
    String delimiter,
    boolean hasHeader,
    String timestampColumn,
    String targetColumn,
    String itemIdColumn,
    String frequency,
    double frequencyConfidence,
    Map<String, Object> evidence,
    boolean truncated,
    long bytesRead,
    long bytesDecoded,
    boolean compressed,
    List<String> errors) {

  public CsvPreview {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
    errors = List.copyOf(errors);
    evidence = evidence == null ? Map.of() : evidence;
  }

  /** One column: its name (from the header, or {@code column_<n>}), type and detected format. */
  public record Column(String name, ColumnType type, String format) {}
}
