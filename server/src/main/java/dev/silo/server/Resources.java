package dev.silo.server;

import java.util.ArrayDeque;
import java.util.Deque;

/** What a running Silo has opened, closed in reverse order of opening. */
final class Resources {
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  <T extends AutoCloseable> T add(T resource) {
    opened.push(resource);
    return resource;
  }

  /**
   * Closes everything, newest first, and carries on past failures. With a {@code cause} (a failed
   * start), failures are attached to it; otherwise the first one is thrown at the end.
   */
  void closeAll(Throwable cause) throws Exception {
    Exception first = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        if (cause != null) {
          cause.addSuppressed(e);
        } else if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
