package dev.silo.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineAppenderTest {
  /** The logback pattern Silo's lines were written with before they had an appender of their own. */
  private static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} level=%level logger=%logger{0} request_id=%X{request_id:--}"
          + " tenant=%X{tenant:--} msg=\"%msg\"%n%ex{short}";

  private final LoggerContext context = new LoggerContext();
  private final PatternLayout layout = new PatternLayout();
  private final LineAppender appender = new LineAppender();

  LineAppenderTest() {
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.start();
    layout.setContext(context);
    layout.setPattern(PATTERN);
    layout.start();
    appender.setContext(context);
    appender.start();
  }

  @Test
  void writesTheSameLinesAsThePatternItReplaced() {
    Random random = new Random(7);
    String[] loggers = {"silo.access", "dev.silo.server.Silo", "Root", "dev.silo.http.ServerFrame"};
    Level[] levels = {Level.INFO, Level.WARN, Level.ERROR, Level.DEBUG};
    for (int i = 0; i < 20_000; i++) {
      Logger logger = context.getLogger(loggers[random.nextInt(loggers.length)]);
      Throwable failure = random.nextInt(8) == 0 ? new IllegalStateException("broken " + i, new RuntimeException("cause")) : null;
      LoggingEvent event = new LoggingEvent(
          Logger.class.getName(), logger, levels[random.nextInt(levels.length)], "{} {} status={} é \"{}\"", failure,
          new Object[] {"GET", "/v1/objects/k" + i, 200, random.nextInt(1000)});
      // timestamps around the epoch, today and far ahead, every millisecond shape
      long millis = switch (random.nextInt(3)) {
        case 0 -> random.nextInt(5_000);
        case 1 -> 1_796_420_000_000L + random.nextInt(86_400_000);
        default -> Math.floorMod(random.nextLong(), 253_402_300_799_000L);
      };
      event.setTimeStamp(millis);
      Map<String, String> mdc = new HashMap<>();
      if (random.nextBoolean()) {
        mdc.put("request_id", "req-" + i);
      }
      if (random.nextBoolean()) {
        mdc.put("tenant", "acme");
      }
      event.setMDCPropertyMap(mdc);

      assertThat(appender.format(event)).isEqualTo(layout.doLayout(event));
    }
  }

  @Test
  void writesEachEventAsOneLineOnStandardError() {
    PrintStream before = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Logger logger = context.getLogger("silo.access");
      logger.addAppender(appender);
      logger.info("GET {} status={}", "/v1/info/a", 200);
      logger.warn("slow");
    } finally {
      System.setErr(before);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8).lines())
        .hasSize(2)
        .allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z level=\\w+ logger=access request_id=- tenant=- msg=\".*\""))
        .anyMatch(l -> l.endsWith("msg=\"GET /v1/info/a status=200\""));
  }
}
