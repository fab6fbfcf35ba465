package dev.silo.core.error;

/** A Range header that does not fit the object. */
public final class RangeNotSatisfiableException extends SiloException {
  public RangeNotSatisfiableException(String code, String message) {
    super(code, message);
  }

  public RangeNotSatisfiableException(String message) {
    super("range_not_satisfiable", message);
  }
}
