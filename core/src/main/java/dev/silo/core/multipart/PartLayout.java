package dev.silo.core.multipart;

import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.ObjectInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where each part of a multipart object lies, so that a read of part N ({@code GET ?partNumber=N},
 * how SDK transfer managers download) knows its bytes. Built from the part sizes the object keeps
 * as a typed system fact, as runs of equal sizes: clients upload parts of one size, so a layout of
 * 10,000 parts is usually two runs.
 */
public record PartLayout(List<Run> runs) {
  /** {@code count} consecutive parts of {@code size} bytes. */
  public record Run(long size, int count) {
    public Run {
      if (size < 0 || count < 1) {
        throw new IllegalArgumentException("a run has a size >= 0 and a count >= 1");
      }
    }
  }

  public PartLayout {
    runs = List.copyOf(runs);
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("a layout has at least one part");
    }
  }

  /** The layout of parts of these sizes, in order. */
  public static PartLayout of(List<Long> sizes) {
    List<Run> runs = new ArrayList<>();
    for (long size : sizes) {
      if (!runs.isEmpty() && runs.getLast().size() == size) {
        runs.set(runs.size() - 1, new Run(size, runs.getLast().count() + 1));
      } else {
        runs.add(new Run(size, 1));
      }
    }
    return new PartLayout(runs);
  }

  /**
   * The layout of an object completed from parts whose sizes were recorded; empty for any other
   * object (single-part, or completed before sizes were kept), which is read as one part.
   */
  public static Optional<PartLayout> of(ObjectInfo o) {
    List<Long> sizes = o.facts().partSizes();
    return sizes.isEmpty() ? Optional.empty() : Optional.of(of(sizes));
  }

  public int count() {
    return runs.stream().mapToInt(Run::count).sum();
  }

  /** The bytes of part {@code number} (1-based, at most {@link #count()}); null for an empty part. */
  public ByteRange range(int number) {
    if (number < 1 || number > count()) {
      throw new IllegalArgumentException("no part " + number);
    }
    long offset = 0;
    int left = number - 1;
    for (Run r : runs) {
      if (left < r.count()) {
        offset += left * r.size();
        return r.size() == 0 ? null : new ByteRange(offset, offset + r.size() - 1);
      }
      offset += (long) r.count() * r.size();
      left -= r.count();
    }
    throw new IllegalStateException("unreachable: number was checked against count");
  }
}
