package dev.silo.testkit.memory;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A blob's bytes as a list of arrays of at most {@link #SIZE} bytes: a large blob needs no single
 * array as large as itself, and neither reading nor appending ever copies what is already there.
 */
record Chunks(List<byte[]> parts, long size) {
  static final int SIZE = 1 << 20;
  static final Chunks EMPTY = new Chunks(List.of(), 0);

  Chunks {
    parts = List.copyOf(parts);
  }

  /** Reads {@code in} to its end; its exceptions propagate unchanged. */
  static Chunks read(InputStream in) throws IOException {
    List<byte[]> parts = new ArrayList<>();
    long size = 0;
    while (true) {
      byte[] part = in.readNBytes(SIZE);
      if (part.length > 0) {
        parts.add(part);
        size += part.length;
      }
      if (part.length < SIZE) {
        return new Chunks(parts, size);
      }
    }
  }

  /** These bytes followed by {@code more}. */
  Chunks append(Chunks more) {
    List<byte[]> all = new ArrayList<>(parts);
    all.addAll(more.parts);
    return new Chunks(all, size + more.size);
  }

  /** The first {@code length} bytes. */
  Chunks cut(long length) {
    List<byte[]> kept = new ArrayList<>();
    long left = Math.min(length, size);
    for (byte[] part : parts) {
      if (left <= 0) {
        break;
      }
      kept.add(part.length <= left ? part : java.util.Arrays.copyOf(part, (int) left));
      left -= Math.min(left, part.length);
    }
    return new Chunks(kept, Math.min(length, size));
  }

  /** A stream of the bytes from {@code first} to {@code last} inclusive, cut at the end. */
  InputStream open(long first, long last) {
    List<InputStream> streams = new ArrayList<>();
    long start = 0;
    for (byte[] part : parts) {
      long end = start + part.length; // exclusive
      long from = Math.max(first, start);
      long to = Math.min(last + 1, end);
      if (from < to) {
        streams.add(new java.io.ByteArrayInputStream(part, (int) (from - start), (int) (to - from)));
      }
      start = end;
    }
    return new SequenceInputStream(Collections.enumeration(streams));
  }
}
