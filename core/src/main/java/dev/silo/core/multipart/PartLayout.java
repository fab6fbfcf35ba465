package dev.silo.core.multipart;

import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.ObjectInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sizes of the parts a multipart object was completed from, so that a read of part N
 * ({@code GET ?partNumber=N}, how SDK transfer managers download) knows its bytes. Until
 * {@link ObjectInfo} carries part sizes as a typed fact, the layout travels in the object's
 * metadata under {@link #METADATA}, run-length encoded ({@code size*count,...}): clients upload
 * parts of one size, so the usual layout is a few bytes whatever the number of parts. A layout
 * that would not stay small is not recorded; such an object is read as a single part.
 */
public record PartLayout(List<Run> runs) {
  /** Object metadata holding the layout of a multipart object. */
  public static final String METADATA = "silo-multipart-parts";
  /** The longest encoding recorded, well inside the metadata budget of an object. */
  static final int MAX_ENCODED = 512;

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

  /** The layout recorded on an object, if it was completed from parts and the layout fit. */
  public static Optional<PartLayout> of(ObjectInfo o) {
    String v = o.metadata().get(METADATA);
    if (v == null || v.isEmpty()) {
      return Optional.empty();
    }
    try {
      List<Run> runs = new ArrayList<>();
      for (String run : v.split(",")) {
        int star = run.indexOf('*');
        runs.add(new Run(Long.parseLong(run.substring(0, star)), Integer.parseInt(run.substring(star + 1))));
      }
      return Optional.of(new PartLayout(runs));
    } catch (RuntimeException e) {
      return Optional.empty(); // not a layout Silo wrote: read the object as one part
    }
  }

  /** The metadata value, or empty when it would be too long to keep. */
  public Optional<String> encoded() {
    StringBuilder sb = new StringBuilder();
    for (Run r : runs) {
      if (!sb.isEmpty()) {
        sb.append(',');
      }
      sb.append(r.size()).append('*').append(r.count());
    }
    return sb.length() > MAX_ENCODED ? Optional.empty() : Optional.of(sb.toString());
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
