package dev.silo.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The analysis of fixture files generated here: dialects, types, roles and frequencies. */
class CsvAnalyzerTest {

  static CsvPreview analyze(String text) {
    return CsvAnalyzer.analyze(new CsvAnalyzer.Source(text, false, text.length(), text.length(), false, ',', List.of()), 100);
  }

  static CsvPreview.Column column(CsvPreview p, String name) {
    return p.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void dailyRetailSales() {
    StringBuilder sb = new StringBuilder("date,store,item,sales\n");
    Random r = new Random(1);
    LocalDate d = LocalDate.of(2024, 1, 1);
    for (int day = 0; day < 60; day++) {
      for (int store = 1; store <= 2; store++) {
        for (int item = 1; item <= 3; item++) {
          sb.append(d.plusDays(day)).append(',').append(store).append(',').append("item_").append(item).append(',').append(r.nextInt(50)).append('\n');
        }
      }
    }
    CsvPreview p = analyze(sb.toString());
    assertThat(p.delimiter()).isEqualTo(",");
    assertThat(p.hasHeader()).isTrue();
    assertThat(p.columns()).extracting(CsvPreview.Column::name).containsExactly("date", "store", "item", "sales");
    assertThat(column(p, "date").type()).isEqualTo(ColumnType.DATE);
    assertThat(column(p, "date").format()).isEqualTo("yyyy-MM-dd");
    assertThat(column(p, "store").type()).isEqualTo(ColumnType.INTEGER);
    assertThat(column(p, "sales").type()).isEqualTo(ColumnType.INTEGER);
    assertThat(p.timestampColumn()).isEqualTo("date");
    assertThat(p.targetColumn()).isEqualTo("sales");
    assertThat(p.itemIdColumn()).isEqualTo("item");
    assertThat(p.frequency()).isEqualTo("D");
    assertThat(p.frequencyConfidence()).isGreaterThan(0.9);
    assertThat(p.rows()).hasSize(100);
    assertThat(p.rows().get(0)).containsExactly("2024-01-01", "1", "item_1", p.rows().get(0).get(3));
    assertThat(p.errors()).isEmpty();
  }

  @Test
  void hourlyEnergyLoadWithDecimals() {
    StringBuilder sb = new StringBuilder("timestamp,load_mw,temperature\n");
    LocalDateTime t = LocalDateTime.of(2024, 3, 1, 0, 0);
    for (int i = 0; i < 200; i++) {
      sb.append(t.plusHours(i).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))).append(',')
          .append(String.format("%.2f", 1000 + Math.sin(i) * 100)).append(',').append(String.format("%.1f", 5 + i % 7 * 0.5)).append('\n');
    }
    CsvPreview p = analyze(sb.toString());
    assertThat(column(p, "timestamp").type()).isEqualTo(ColumnType.TIMESTAMP);
    assertThat(column(p, "timestamp").format()).isEqualTo("yyyy-MM-dd HH:mm:ss");
    assertThat(column(p, "load_mw").type()).isEqualTo(ColumnType.DECIMAL);
    assertThat(p.targetColumn()).isEqualTo("load_mw");
    assertThat(p.itemIdColumn()).isNull();
    assertThat(p.frequency()).isEqualTo("H");
  }

  @Test
  void weeklyMonthlyQuarterlyYearly() {
    assertThat(analyze(series(LocalDate.of(2023, 1, 2), 52, d -> d.plusWeeks(1))).frequency()).isEqualTo("W");
    assertThat(analyze(series(LocalDate.of(2020, 1, 1), 36, d -> d.plusMonths(1))).frequency()).isEqualTo("MS");
    assertThat(analyze(series(LocalDate.of(2020, 1, 31), 36, d -> d.plusMonths(1).withDayOfMonth(d.plusMonths(1).lengthOfMonth()))).frequency())
        .isEqualTo("M");
    assertThat(analyze(series(LocalDate.of(2015, 1, 1), 20, d -> d.plusMonths(3))).frequency()).isEqualTo("QS");
    assertThat(analyze(series(LocalDate.of(2000, 1, 1), 20, d -> d.plusYears(1))).frequency()).isEqualTo("YS");
  }

  @Test
  void quarterHourAndMissingValuesStillRegular() {
    StringBuilder sb = new StringBuilder("ts,value\n");
    LocalDateTime t = LocalDateTime.of(2024, 1, 1, 0, 0);
    for (int i = 0; i < 300; i++) {
      if (i % 50 == 7) {
        continue; // a missing reading is a gap, not irregularity
      }
      sb.append(t.plusMinutes(15L * i).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)).append(',').append(i).append('\n');
    }
    CsvPreview p = analyze(sb.toString());
    assertThat(p.frequency()).isEqualTo("15min");
    assertThat(p.evidence()).containsEntry("gaps", 6);
  }

  @Test
  void irregularTimestampsHaveNoFrequency() {
    StringBuilder sb = new StringBuilder("date,value\n");
    Random r = new Random(7);
    LocalDateTime t = LocalDateTime.of(2024, 1, 1, 0, 0);
    for (int i = 0; i < 100; i++) {
      t = t.plusMinutes(1 + r.nextInt(5000));
      sb.append(t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append(',').append(r.nextDouble()).append('\n');
    }
    CsvPreview p = analyze(sb.toString());
    assertThat(p.timestampColumn()).isEqualTo("date");
    assertThat(p.frequency()).isNull();
    assertThat(p.frequencyConfidence()).isLessThan(0.5);
    assertThat(p.evidence()).containsKey("reason");
  }

  @Test
  void isoWithZonesAcrossDaylightSaving() {
    StringBuilder sb = new StringBuilder("time,meter,consumption\n");
    var start = LocalDateTime.of(2024, 3, 30, 0, 0).atZone(ZoneId.of("Europe/Berlin"));
    for (int i = 0; i < 72; i++) {
      for (String meter : List.of("m1", "m2")) {
        sb.append(start.plusHours(i).toOffsetDateTime()).append(',').append(meter).append(',').append(i * 0.5).append('\n');
      }
    }
    CsvPreview p = analyze(sb.toString());
    assertThat(column(p, "time").type()).isEqualTo(ColumnType.TIMESTAMP);
    assertThat(column(p, "time").format()).isEqualTo("yyyy-MM-dd'T'HH:mm:ssXXX");
    assertThat(p.itemIdColumn()).isEqualTo("meter");
    assertThat(p.targetColumn()).isEqualTo("consumption");
    assertThat(p.frequency()).isEqualTo("H");
    assertThat(analyze("ts,v\n2024-01-01T00:00:00Z,1\n2024-01-02T00:00:00Z,2\n2024-01-03T00:00:00Z,3\n").frequency()).isEqualTo("D");
  }

  @Test
  void offsetsOfHoursAloneAndWithoutTheirColonAreTimestamps() {
    for (String offset : List.of("+01", "+0100", "-05")) {
      String text = "ts,v\n2024-01-01T00:00:00" + offset + ",1\n2024-01-02T00:00:00" + offset + ",2\n2024-01-03T00:00:00" + offset + ",3\n";
      CsvPreview p = analyze(text);
      assertThat(column(p, "ts").type()).as(offset).isEqualTo(ColumnType.TIMESTAMP);
      assertThat(p.frequency()).as(offset).isEqualTo("D");
      assertThat(p.errors()).as(offset).isEmpty();
    }
  }

  @Test
  void epochSeconds() {
    StringBuilder sb = new StringBuilder("epoch,value\n");
    long t = LocalDateTime.of(2024, 5, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    for (int i = 0; i < 50; i++) {
      sb.append(t + 3600L * i).append(',').append(i).append('\n');
    }
    CsvPreview p = analyze(sb.toString());
    assertThat(column(p, "epoch").type()).isEqualTo(ColumnType.TIMESTAMP);
    assertThat(column(p, "epoch").format()).isEqualTo("epoch_seconds");
    assertThat(p.timestampColumn()).isEqualTo("epoch");
    assertThat(p.targetColumn()).isEqualTo("value");
    assertThat(p.frequency()).isEqualTo("H");
  }

  @Test
  void europeanSemicolonsAndDecimalCommas() {
    StringBuilder sb = new StringBuilder("Datum;Filiale;Umsatz;Aktiv\n");
    LocalDate d = LocalDate.of(2024, 1, 1);
    for (int i = 0; i < 40; i++) {
      sb.append(d.plusDays(i).format(DateTimeFormatter.ofPattern("dd.MM.yyyy"))).append(";Berlin;")
          .append(i * 3).append(',').append(i % 10).append(i % 2 == 0 ? ";ja" : ";nein").append('\n');
    }
    CsvPreview p = analyze(sb.toString());
    assertThat(p.delimiter()).isEqualTo(";");
    assertThat(column(p, "Datum").type()).isEqualTo(ColumnType.DATE);
    assertThat(column(p, "Datum").format()).isEqualTo("dd.MM.yyyy");
    assertThat(column(p, "Umsatz").type()).isEqualTo(ColumnType.DECIMAL);
    assertThat(column(p, "Umsatz").format()).isEqualTo("decimal_comma");
    assertThat(p.targetColumn()).isEqualTo("Umsatz");
    assertThat(p.frequency()).isEqualTo("D");
  }

  @Test
  void tabsPipesBooleansAndNoHeader() {
    CsvPreview tsv = analyze("a\tb\tflag\n1\tx\ttrue\n2\ty\tfalse\n");
    assertThat(tsv.delimiter()).isEqualTo("\t");
    assertThat(column(tsv, "flag").type()).isEqualTo(ColumnType.BOOLEAN);
    CsvPreview pipes = analyze("1|2.5|2024-01-01\n2|3.5|2024-01-02\n3|4|2024-01-03\n");
    assertThat(pipes.delimiter()).isEqualTo("|");
    assertThat(pipes.hasHeader()).isFalse();
    assertThat(pipes.columns()).extracting(CsvPreview.Column::name).containsExactly("column_1", "column_2", "column_3");
    assertThat(pipes.rows()).hasSize(3);
    assertThat(pipes.timestampColumn()).isEqualTo("column_3");
  }

  @Test
  void quotedFieldsWithEmbeddedNewlinesAndDelimiters() {
    CsvPreview p = analyze("id,comment,amount\n1,\"hello, world\",3.5\n2,\"two\nlines \"\"quoted\"\"\",4\n3,plain,5\n");
    assertThat(p.rows()).hasSize(3);
    assertThat(p.rows().get(1).get(1)).isEqualTo("two\nlines \"quoted\"");
    assertThat(p.rows().get(0).get(1)).isEqualTo("hello, world");
    assertThat(p.targetColumn()).isEqualTo("amount");
    assertThat(p.errors()).isEmpty();
  }

  @Test
  void malformedRowsAreReportedNotFatal() {
    CsvPreview p = analyze("date,value\n2024-01-01,1\n2024-01-02,2,extra\n2024-01-03\n\"unterminated,5\n");
    assertThat(p.columns()).hasSize(2);
    assertThat(p.errors()).anyMatch(e -> e.contains("expected 2 fields, found 3"));
    assertThat(p.errors()).anyMatch(e -> e.contains("found 1"));
    assertThat(analyze("").columns()).isEmpty();
    assertThat(analyze("\"\n\n\"\"\"").errors()).isNotNull();
  }

  @Test
  void bomAndInvalidUtf8() {
    List<String> notes = new ArrayList<>();
    byte[] bom = "\uFEFFdate,value\n2024-01-01,1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String text = CsvPreviewService.decode(bom, false, notes);
    assertThat(text).startsWith("date");
    assertThat(notes).isEmpty();
    String latin = CsvPreviewService.decode(new byte[] {'a', ',', 'b', '\n', (byte) 0xe9, ',', '1', '\n'}, false, notes);
    assertThat(latin).contains("é");
    assertThat(notes).hasSize(1);
  }

  private static String series(LocalDate first, int n, java.util.function.UnaryOperator<LocalDate> next) {
    StringBuilder sb = new StringBuilder("ds,y\n");
    LocalDate d = first;
    for (int i = 0; i < n; i++) {
      sb.append(d).append(',').append(i * 1.5).append('\n');
      d = next.apply(d);
    }
    return sb.toString();
  }
}
