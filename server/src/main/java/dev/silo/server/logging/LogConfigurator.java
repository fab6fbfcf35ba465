package dev.silo.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Silo's logging, configured in code: one {@code key=value} line per event on stderr ({@link
 * LineAppender}), never a secret. Parsing a logback.xml costs a few hundred milliseconds of start-up, which this avoids.
 * A {@code logback-test.xml} on the classpath, or {@code -Dlogback.configurationFile}, still wins.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LineAppender out = new LineAppender();
    out.setContext(context);
    out.setName("OUT");
    out.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(System.getenv().getOrDefault("SILO_LOG_LEVEL", "INFO"), Level.INFO));
    root.addAppender(out);
    for (String noisy : new String[] {"org.eclipse.jetty", "com.zaxxer.hikari", "org.flywaydb", "io.lettuce", "io.netty"}) {
      context.getLogger(noisy).setLevel(Level.WARN);
    }
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
