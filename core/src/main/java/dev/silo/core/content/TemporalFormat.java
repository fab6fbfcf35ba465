package dev.silo.core.content;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A date or timestamp layout a preview recognises: its name as reported ({@code yyyy-MM-dd},
 * {@code epoch_seconds}…), a cheap shape check, and a parser to a {@link Moment}. The list is
 * ordered: the first layout that parses every value of a column wins.
 */
record TemporalFormat(String name, ColumnType type, Pattern shape, Parser parser) {

  /** A parsed value: its wall-clock time, and its instant when the text carried an offset. */
  record Moment(LocalDateTime local, Instant instant) {}

  @FunctionalInterface
  interface Parser {
    Moment parse(String s);
  }

  boolean accepts(String s) {
    return parse(s) != null;
  }

  /** The moment, or null when the value does not have this layout. */
  Moment parse(String s) {
    if (!shape.matcher(s).matches()) {
      return null;
    }
    try {
      return parser.parse(s);
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      return null;
    }
  }

  /**
   * An offset of hours alone ({@code +01}) and one without its colon ({@code +0100}), compiled once:
   * a preview parses every value of its timestamp column.
   */
  private static final Pattern HOURS_OFFSET = Pattern.compile(".*[+-]\\d{2}$");
  private static final Pattern COMPACT_OFFSET = Pattern.compile(".*[+-]\\d{4}$");

  static final List<TemporalFormat> ALL =
      List.of(
          date("yyyy-MM-dd", "\\d{4}-\\d{2}-\\d{2}", "uuuu-MM-dd"),
          date("yyyy/MM/dd", "\\d{4}/\\d{1,2}/\\d{1,2}", "uuuu/M/d"),
          date("dd.MM.yyyy", "\\d{1,2}\\.\\d{1,2}\\.\\d{4}", "d.M.uuuu"),
          date("MM/dd/yyyy", "\\d{1,2}/\\d{1,2}/\\d{4}", "M/d/uuuu"),
          date("dd/MM/yyyy", "\\d{1,2}/\\d{1,2}/\\d{4}", "d/M/uuuu"),
          date("dd-MM-yyyy", "\\d{1,2}-\\d{1,2}-\\d{4}", "d-M-uuuu"),
          zoned(),
          local("yyyy-MM-dd HH:mm:ss", "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?", null),
          local("yyyy-MM-dd HH:mm", "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}", null),
          local("yyyy-MM-dd'T'HH:mm:ss", "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?", null),
          local("dd.MM.yyyy HH:mm:ss", "\\d{1,2}\\.\\d{1,2}\\.\\d{4} \\d{1,2}:\\d{2}:\\d{2}", "d.M.uuuu H:mm:ss"),
          local("dd.MM.yyyy HH:mm", "\\d{1,2}\\.\\d{1,2}\\.\\d{4} \\d{1,2}:\\d{2}", "d.M.uuuu H:mm"),
          local("MM/dd/yyyy HH:mm:ss", "\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}:\\d{2}", "M/d/uuuu H:mm:ss"),
          local("MM/dd/yyyy HH:mm", "\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}", "M/d/uuuu H:mm"),
          new TemporalFormat(
              "yyyy-MM",
              ColumnType.DATE,
              Pattern.compile("\\d{4}-\\d{2}"),
              s -> {
                LocalDate d = YearMonth.parse(s).atDay(1);
                return new Moment(d.atStartOfDay(), null);
              }));

  /** Epoch seconds (2000–2100) and epoch milliseconds; only for integer columns that look like time. */
  static final TemporalFormat EPOCH_SECONDS =
      new TemporalFormat(
          "epoch_seconds",
          ColumnType.TIMESTAMP,
          Pattern.compile("\\d{9,10}"),
          s -> epoch(Long.parseLong(s), 946_684_800L, 4_102_444_800L, false));

  static final TemporalFormat EPOCH_MILLIS =
      new TemporalFormat(
          "epoch_millis",
          ColumnType.TIMESTAMP,
          Pattern.compile("\\d{12,13}"),
          s -> epoch(Long.parseLong(s), 946_684_800_000L, 4_102_444_800_000L, true));

  private static Moment epoch(long v, long min, long max, boolean millis) {
    if (v < min || v > max) {
      return null;
    }
    Instant i = millis ? Instant.ofEpochMilli(v) : Instant.ofEpochSecond(v);
    return new Moment(LocalDateTime.ofInstant(i, ZoneOffset.UTC), i);
  }

  private static TemporalFormat date(String name, String shape, String pattern) {
    DateTimeFormatter f = DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT);
    return new TemporalFormat(
        name, ColumnType.DATE, Pattern.compile(shape), s -> new Moment(LocalDate.parse(s, f).atStartOfDay(), null));
  }

  private static TemporalFormat local(String name, String shape, String pattern) {
    DateTimeFormatter f =
        pattern == null
            ? DateTimeFormatter.ISO_LOCAL_DATE_TIME
            : DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT);
    return new TemporalFormat(
        name,
        ColumnType.TIMESTAMP,
        Pattern.compile(shape),
        s -> new Moment(LocalDateTime.parse(pattern == null ? s.replace(' ', 'T') : s, f), null));
  }

  /** ISO-8601 with an offset ({@code Z}, {@code +01:00}) and optionally a region ({@code [Europe/Paris]}). */
  private static TemporalFormat zoned() {
    return new TemporalFormat(
        "yyyy-MM-dd'T'HH:mm:ssXXX",
        ColumnType.TIMESTAMP,
        Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}(:?\\d{2})?)(\\[[A-Za-z0-9/_+-]+])?"),
        s -> {
          String t = s.replace(' ', 'T');
          if (HOURS_OFFSET.matcher(t).matches()) {
            t = t + ":00";
          } else if (COMPACT_OFFSET.matcher(t).matches()) {
            t = t.substring(0, t.length() - 2) + ":" + t.substring(t.length() - 2);
          }
          if (t.endsWith("]")) {
            ZonedDateTime z = ZonedDateTime.parse(t, DateTimeFormatter.ISO_ZONED_DATE_TIME);
            return new Moment(z.toLocalDateTime(), z.toInstant());
          }
          OffsetDateTime o = OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
          return new Moment(o.toLocalDateTime(), o.toInstant());
        });
  }
}
