package dev.silo.core.support;

/** A throwable caught where other code ran (another thread, a native call), thrown on as it was. */
public final class Unchecked {
  private Unchecked() {}

  /**
   * {@code t} itself when it is unchecked (an {@link Error} is thrown from here), a checked one
   * wrapped; callers write {@code throw Unchecked.of(t)}.
   */
  public static RuntimeException of(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }
}
