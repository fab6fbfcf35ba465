package dev.silo.server.s3;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Reads the server's log over a whole S3 test class and fails the class if any line was an ERROR:
 * what real clients do to the S3 endpoint (including closing a download early) is never an error
 * of the server's.
 */
public final class NoErrorLogs implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoErrorLogs.class);

  /** Keeps the ERROR lines logged while it is attached. */
  static final class Capture extends AppenderBase<ILoggingEvent> {
    final List<String> errors = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent e) {
      if (e.getLevel().isGreaterOrEqual(Level.ERROR)) {
        errors.add(e.getLoggerName() + ": " + e.getFormattedMessage()
            + (e.getThrowableProxy() == null ? "" : " (" + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage() + ")"));
      }
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Capture capture = new Capture();
    capture.setContext(root().getLoggerContext());
    capture.start();
    root().addAppender(capture);
    context.getStore(NS).put(Capture.class, capture);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Capture capture = context.getStore(NS).remove(Capture.class, Capture.class);
    root().detachAppender(capture);
    capture.stop();
    if (!capture.errors.isEmpty()) {
      throw new AssertionError("the server logged ERROR lines during " + context.getDisplayName() + ":\n" + String.join("\n", capture.errors));
    }
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
