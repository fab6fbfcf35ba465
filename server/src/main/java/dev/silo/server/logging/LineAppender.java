package dev.silo.server.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes each event as one {@code key=value} line on stderr:
 * {@code 2026-12-04T21:30:00.123Z level=INFO logger=access request_id=… tenant=… msg="…"}, then the
 * exception's first line and frame, if any.
 *
 * <p>Every request writes an access-log line, and logback's pattern appender cost a small request
 * a tenth of its CPU: before encoding, it prepares each event for deferred processing, which names
 * a virtual thread through reflection (for a pattern that never prints it), and its date converter
 * formats every millisecond anew. This one formats the line straight from the event and keeps the
 * text of the current second.
 */
final class LineAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.").withZone(ZoneOffset.UTC);

  /** The text of one second, reused by every line logged within it. */
  private record Second(long epochSecond, String text) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final ThrowableProxyConverter exceptions = new ThrowableProxyConverter();
  private volatile Second second = new Second(Long.MIN_VALUE, "");

  @Override
  public void start() {
    exceptions.setOptionList(List.of("short"));
    exceptions.setContext(getContext());
    exceptions.start();
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    byte[] line = format(event).getBytes(StandardCharsets.UTF_8);
    // System.err as it is now, so that a redirection (System.setErr) is followed, as logback's console appender does
    PrintStream err = System.err;
    lock.lock();
    try {
      err.write(line, 0, line.length);
      err.flush();
    } finally {
      lock.unlock();
    }
  }

  String format(ILoggingEvent event) {
    StringBuilder out = new StringBuilder(160);
    timestamp(out, event.getTimeStamp());
    Map<String, String> context = event.getMDCPropertyMap();
    out.append(" level=").append(event.getLevel())
        .append(" logger=").append(shortName(event.getLoggerName()))
        .append(" request_id=").append(orDash(context.get("request_id")))
        .append(" tenant=").append(orDash(context.get("tenant")))
        .append(" msg=\"").append(event.getFormattedMessage()).append("\"\n");
    if (event.getThrowableProxy() != null) {
      out.append(exceptions.convert(event));
    }
    return out.toString();
  }

  private void timestamp(StringBuilder out, long epochMillis) {
    long epochSecond = Math.floorDiv(epochMillis, 1000);
    Second s = second;
    if (s.epochSecond() != epochSecond) {
      s = new Second(epochSecond, SECONDS.format(Instant.ofEpochSecond(epochSecond)));
      second = s;
    }
    int millis = (int) Math.floorMod(epochMillis, 1000);
    out.append(s.text()).append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
        .append((char) ('0' + millis % 10)).append('Z');
  }

  private static String shortName(String logger) {
    return logger.substring(logger.lastIndexOf('.') + 1);
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }
}
