package dev.silo.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Instants as RFC 3339 text, exactly as {@link DateTimeFormatter#ISO_INSTANT} writes them (UTC,
 * "Z", the fraction in zero, three, six or nine digits as needed), without the formatter's
 * machinery: a listing page writes two per object, and the formatter was a third of its JSON's
 * CPU. Years outside 0000-9999, which the formatter writes with a sign, go to the formatter.
 */
final class InstantText extends StdSerializer<Instant> {
  private static final long SECONDS_PER_DAY = 86_400;
  private static final long MIN_SECOND = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long MAX_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  InstantText() {
    super(Instant.class);
  }

  @Override
  public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
    long seconds = value.getEpochSecond();
    if (seconds < MIN_SECOND || seconds > MAX_SECOND) {
      gen.writeString(DateTimeFormatter.ISO_INSTANT.format(value));
      return;
    }
    char[] text = new char[LONGEST];
    gen.writeString(text, 0, write(value, text));
  }

  /** The text of {@code instant}, as ISO_INSTANT writes it. */
  static String format(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < MIN_SECOND || seconds > MAX_SECOND) {
      return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
    char[] text = new char[LONGEST];
    return new String(text, 0, write(instant, text));
  }

  /** "2026-12-04T10:00:01.123456789Z": the longest text of a year of four digits. */
  private static final int LONGEST = 30;

  /** Writes an instant of a year 0000-9999 into {@code out}; returns its length. */
  private static int write(Instant instant, char[] out) {
    long seconds = instant.getEpochSecond();
    long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
    int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
    LocalDate date = LocalDate.ofEpochDay(day);
    int nano = instant.getNano();
    int at = digits(out, 0, date.getYear(), 4);
    out[at++] = '-';
    at = digits(out, at, date.getMonthValue(), 2);
    out[at++] = '-';
    at = digits(out, at, date.getDayOfMonth(), 2);
    out[at++] = 'T';
    at = digits(out, at, secondOfDay / 3600, 2);
    out[at++] = ':';
    at = digits(out, at, secondOfDay / 60 % 60, 2);
    out[at++] = ':';
    at = digits(out, at, secondOfDay % 60, 2);
    if (nano != 0) {
      out[at++] = '.';
      if (nano % 1_000_000 == 0) {
        at = digits(out, at, nano / 1_000_000, 3);
      } else if (nano % 1_000 == 0) {
        at = digits(out, at, nano / 1_000, 6);
      } else {
        at = digits(out, at, nano, 9);
      }
    }
    out[at++] = 'Z';
    return at;
  }

  /** {@code value} in {@code width} decimal digits, zero-padded, at {@code at}; returns the next position. */
  private static int digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
    return at + width;
  }
}
