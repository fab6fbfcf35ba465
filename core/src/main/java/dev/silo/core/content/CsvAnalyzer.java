package dev.silo.core.content;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the decoded head of a CSV/TSV file into a preview: dialect, header, column types, roles
 * and frequency. Pure: no I/O, never throws on bad input; what it cannot make sense of goes to
 * {@code errors}.
 */
final class CsvAnalyzer {
  static final int MAX_ERRORS = 20;
  static final int MAX_ANALYZED_RECORDS = 200_000;

  /** What the reader knows of the bytes behind {@code text}. */
  record Source(String text, boolean truncated, long bytesRead, long bytesDecoded, boolean compressed, char fallbackDelimiter, List<String> errors) {}

  private CsvAnalyzer() {}

  static CsvPreview analyze(Source src, int maxRows) {
    List<String> errors = new ArrayList<>(src.errors());
    char delimiter = Delimiters.detect(src.text(), src.fallbackDelimiter());
    List<List<String>> records = parse(src.text(), delimiter, errors);
    if (src.truncated() && !records.isEmpty() && partialLastRecord(src.text())) {
      records.remove(records.size() - 1);
    }
    if (records.isEmpty()) {
      return new CsvPreview(List.of(), List.of(), Delimiters.wire(delimiter), false, null, null, null, null, 0, Map.of(),
          src.truncated(), src.bytesRead(), src.bytesDecoded(), src.compressed(), errors);
    }
    int width = mostCommonWidth(records);
    boolean decimalComma = delimiter != ',';
    List<ColumnKind> kinds = kinds(records.subList(Math.min(1, records.size()), records.size()), width, null, decimalComma);
    boolean header = hasHeader(records.get(0), kinds, records.size());
    List<String> names = new ArrayList<>();
    List<String> first = records.get(0);
    for (int c = 0; c < width; c++) {
      String n = header && c < first.size() ? first.get(c).strip() : "";
      names.add(n.isEmpty() ? "column_" + (c + 1) : n);
    }
    List<List<String>> data = header ? records.subList(1, records.size()) : records;
    kinds = kinds(data, width, names, decimalComma);
    checkWidths(records, width, header, errors);

    List<Roles.Profile> profiles = new ArrayList<>();
    List<CsvPreview.Column> columns = new ArrayList<>();
    for (int c = 0; c < width; c++) {
      Set<String> distinct = new HashSet<>();
      int nonEmpty = 0;
      for (List<String> r : data) {
        String v = value(r, c);
        if (!v.isEmpty()) {
          nonEmpty++;
          distinct.add(v);
        }
      }
      profiles.add(new Roles.Profile(names.get(c), kinds.get(c), distinct.size(), nonEmpty));
      columns.add(new CsvPreview.Column(names.get(c), kinds.get(c).type(), kinds.get(c).format()));
    }
    boolean timestampsRepeat = false;
    Integer tsGuess = null;
    for (int c = 0; c < width && tsGuess == null; c++) {
      if (kinds.get(c).type().temporal()) {
        tsGuess = c;
        timestampsRepeat = profiles.get(c).distinct() < profiles.get(c).nonEmpty();
      }
    }
    Roles.Chosen roles = Roles.choose(profiles, data.size(), timestampsRepeat);
    Frequency.Inferred freq =
        roles.timestamp() == null ? null : frequency(data, kinds.get(roles.timestamp()), roles.timestamp(), roles.item());

    List<List<String>> sample = new ArrayList<>();
    for (int i = 0; i < data.size() && i < maxRows; i++) {
      sample.add(List.copyOf(data.get(i)));
    }
    return new CsvPreview(
        columns,
        sample,
        Delimiters.wire(delimiter),
        header,
        roles.timestamp() == null ? null : names.get(roles.timestamp()),
        roles.target() == null ? null : names.get(roles.target()),
        roles.item() == null ? null : names.get(roles.item()),
        freq == null ? null : freq.alias(),
        freq == null ? 0 : freq.confidence(),
        freq == null ? Map.of() : freq.evidence(),
        src.truncated(),
        src.bytesRead(),
        src.bytesDecoded(),
        src.compressed(),
        errors.size() > MAX_ERRORS ? errors.subList(0, MAX_ERRORS) : errors);
  }

  private static List<List<String>> parse(String text, char delimiter, List<String> errors) {
    List<List<String>> out = new ArrayList<>();
    CsvReader<CsvRecord> reader =
        CsvReader.builder()
            .fieldSeparator(delimiter)
            .skipEmptyLines(true)
            .allowExtraFields(true)
            .allowMissingFields(true)
            .allowExtraCharsAfterClosingQuote(true)
            .ofCsvRecord(text);
    try (reader) {
      for (CsvRecord r : reader) {
        if (out.size() >= MAX_ANALYZED_RECORDS) {
          break;
        }
        out.add(r.getFields());
      }
    } catch (RuntimeException | java.io.IOException e) {
      errors.add("parsing stopped after " + out.size() + " records: " + message(e));
    }
    return out;
  }

  /** An odd number of quotes: the text ends inside a quoted field, so its last record is cut. */
  private static boolean partialLastRecord(String text) {
    long quotes = text.chars().filter(c -> c == '"').count();
    return quotes % 2 == 1 || !(text.endsWith("\n") || text.endsWith("\r"));
  }

  private static int mostCommonWidth(List<List<String>> records) {
    Map<Integer, Integer> h = new HashMap<>();
    for (List<String> r : records) {
      h.merge(r.size(), 1, Integer::sum);
    }
    int width = records.get(0).size();
    int best = 0;
    for (var e : h.entrySet()) {
      if (e.getValue() > best || e.getValue() == best && e.getKey() == records.get(0).size()) {
        width = e.getKey();
        best = e.getValue();
      }
    }
    return width;
  }

  private static void checkWidths(List<List<String>> records, int width, boolean header, List<String> errors) {
    for (int i = 0; i < records.size() && errors.size() <= MAX_ERRORS; i++) {
      int n = records.get(i).size();
      if (n != width) {
        errors.add((header && i == 0 ? "header" : "record " + (header ? i : i + 1)) + ": expected " + width + " fields, found " + n);
      }
    }
  }

  private static List<ColumnKind> kinds(List<List<String>> rows, int width, List<String> names, boolean decimalComma) {
    List<ColumnKind> kinds = new ArrayList<>();
    for (int c = 0; c < width; c++) {
      List<String> values = new ArrayList<>();
      for (List<String> r : rows) {
        String v = value(r, c);
        if (!v.isEmpty()) {
          values.add(v);
        }
      }
      kinds.add(ColumnKind.infer(names == null ? null : names.get(c), values, decimalComma));
    }
    return kinds;
  }

  /**
   * The first record is a header when some column is typed below it and its first value does not
   * fit that type; with only string columns, when its values are all present and distinct.
   */
  private static boolean hasHeader(List<String> first, List<ColumnKind> kinds, int records) {
    boolean anyTyped = false;
    for (int c = 0; c < kinds.size() && c < first.size(); c++) {
      ColumnKind k = kinds.get(c);
      String v = first.get(c).strip();
      if (k.type() == ColumnType.STRING || v.isEmpty()) {
        continue;
      }
      anyTyped = true;
      if (!k.accepts(v)) {
        return true;
      }
    }
    if (anyTyped) {
      return false;
    }
    Set<String> seen = new HashSet<>();
    for (String v : first) {
      if (v.isBlank() || !seen.add(v.strip()) || ColumnKind.infer(null, List.of(v.strip()), true).type() != ColumnType.STRING) {
        return false;
      }
    }
    return records > 0;
  }

  private static Frequency.Inferred frequency(List<List<String>> data, ColumnKind ts, int tsColumn, Integer itemColumn) {
    Map<String, List<LocalDateTime>> series = new LinkedHashMap<>();
    Map<String, List<LocalDateTime>> utc = new LinkedHashMap<>();
    boolean offsets = false;
    for (List<String> r : data) {
      TemporalFormat.Moment m = ts.temporal().parse(value(r, tsColumn));
      if (m == null) {
        continue;
      }
      String item = itemColumn == null ? "" : value(r, itemColumn);
      series.computeIfAbsent(item, k -> new ArrayList<>()).add(m.local());
      if (m.instant() != null) {
        offsets = true;
        utc.computeIfAbsent(item, k -> new ArrayList<>()).add(LocalDateTime.ofInstant(m.instant(), java.time.ZoneOffset.UTC));
      }
    }
    Frequency.Inferred local = Frequency.infer(series.values());
    if (local.alias() == null && offsets) {
      // sub-daily series across a DST change are regular in UTC, not on the wall clock
      Frequency.Inferred inUtc = Frequency.infer(utc.values());
      if (inUtc.alias() != null) {
        return inUtc;
      }
    }
    return local;
  }

  private static String value(List<String> r, int c) {
    return c < r.size() ? r.get(c).strip() : "";
  }

  private static String message(Exception e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.length() > 200 ? m.substring(0, 200) : m;
  }
}
