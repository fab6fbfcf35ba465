package dev.silo.core.content;

import java.util.Locale;

/** The type a preview infers for a column, as PRODUCT.md names them. */
public enum ColumnType {
  INTEGER,
  DECIMAL,
  BOOLEAN,
  TIMESTAMP,
  DATE,
  STRING;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean numeric() {
    return this == INTEGER || this == DECIMAL;
  }

  public boolean temporal() {
    return this == TIMESTAMP || this == DATE;
  }
}
