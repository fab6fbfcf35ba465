package dev.silo.server.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A limit given on the command line: a number, or {@code unlimited} (sent as JSON null). */
record Limit(Long value) {
  private static final String UNLIMITED = "unlimited";

  static boolean unlimited(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    return t.equals(UNLIMITED) || t.equals("none");
  }

  /** Sizes such as {@code 10GiB}; see {@link ByteSize}. */
  static final class Bytes implements ITypeConverter<Limit> {
    @Override
    public Limit convert(String text) {
      if (unlimited(text)) {
        return new Limit(null);
      }
      try {
        return new Limit(ByteSize.parse(text));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Plain counts. */
  static final class Count implements ITypeConverter<Limit> {
    @Override
    public Limit convert(String text) {
      if (unlimited(text)) {
        return new Limit(null);
      }
      try {
        long n = Long.parseLong(text.strip());
        if (n < 0) {
          throw new TypeConversionException("'" + text + "' must not be negative");
        }
        return new Limit(n);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + text + "' is not a whole number or 'unlimited'");
      }
    }
  }
}
