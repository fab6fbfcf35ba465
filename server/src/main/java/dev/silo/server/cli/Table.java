package dev.silo.server.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Left-aligned columns separated by two spaces, sized to their widest cell. */
final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  Table(String... headers) {
    this.columns = headers.length;
    rows.add(headers);
  }

  Table add(String... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
    }
    rows.add(cells.clone());
    return this;
  }

  void print(PrintWriter out) {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], cell(row, i).length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(cell(row, i));
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - cell(row, i).length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /** Prints label/value pairs, the labels padded to one width. */
  static void pairs(PrintWriter out, List<String[]> pairs) {
    int width = pairs.stream().mapToInt(p -> p[0].length()).max().orElse(0);
    for (String[] p : pairs) {
      out.println(p[0] + " ".repeat(width - p[0].length() + 2) + p[1]);
    }
  }

  private static String cell(String[] row, int i) {
    return row[i] == null ? "-" : row[i];
  }
}
