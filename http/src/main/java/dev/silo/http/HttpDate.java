package dev.silo.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * HTTP dates, the one place every protocol (REST, S3, TUS) writes and reads them. Written as RFC
 * 9110's IMF-fixdate, {@code Wed, 02 Dec 2026 09:05:01 GMT}: the day has two digits, since strict
 * parsers reject {@code Wed, 2 Dec 2026}, which the JDK's RFC 1123 formatter writes. Read in the
 * three forms RFC 9110 asks recipients to accept (IMF-fixdate, RFC 850, asctime).
 */
public final class HttpDate {
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RFC_850 =
      new DateTimeFormatterBuilder()
          .appendPattern("EEEE, dd-MMM-")
          .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
          .appendPattern(" HH:mm:ss 'GMT'")
          .toFormatter(Locale.US);
  private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

  private HttpDate() {}

  /** {@code t} as IMF-fixdate, to the second. */
  public static String format(Instant t) {
    return IMF_FIXDATE.format(t);
  }

  /** The instant of an HTTP date, or null when the value is absent or none of the three forms. */
  public static Instant parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    try {
      // lenient about the day's digits, so a peer that writes "2 Dec" is still understood
      return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException notImf) {
      // try the obsolete forms
    }
    for (DateTimeFormatter obsolete : new DateTimeFormatter[] {RFC_850, ASCTIME}) {
      try {
        return LocalDateTime.parse(v, obsolete).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        // the next form
      }
    }
    return null;
  }
}
