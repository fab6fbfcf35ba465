package dev.silo.store.fs;

import dev.silo.core.domain.ByteRange;
import dev.silo.core.support.ChannelStream;
import dev.silo.core.support.ReadOnlyChannel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A composed blob ({@link FsBlobStore#composable()}): its pieces in order, each a hard link to a
 * source blob's file beside the list, so that composing copies no byte. The list is a small text
 * file: a header line, then one line per piece, its size and its file's name.
 */
final class Pieces {
  static final String LIST_SUFFIX = ".pieces";
  private static final String HEADER = "silo-pieces 1";

  record Piece(Path file, long size) {}

  private final List<Piece> pieces;
  /** Where each piece starts in the blob; the last entry is the blob's size. */
  private final long[] starts;

  Pieces(List<Piece> pieces) {
    this.pieces = List.copyOf(pieces);
    this.starts = new long[pieces.size() + 1];
    for (int i = 0; i < pieces.size(); i++) {
      starts[i + 1] = starts[i] + pieces.get(i).size();
    }
  }

  List<Piece> pieces() {
    return pieces;
  }

  long size() {
    return starts[pieces.size()];
  }

  /** The list at {@code list}, or null when there is none. */
  static Pieces read(Path list) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(list, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
    if (lines.isEmpty() || !lines.getFirst().equals(HEADER)) {
      throw new IOException("the piece list " + list.getFileName() + " is damaged");
    }
    List<Piece> pieces = new ArrayList<>(lines.size() - 1);
    for (String line : lines.subList(1, lines.size())) {
      int space = line.indexOf(' ');
      long size;
      try {
        size = space <= 0 ? -1 : Long.parseLong(line.substring(0, space));
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 0) {
        throw new IOException("the piece list " + list.getFileName() + " is damaged");
      }
      pieces.add(new Piece(list.resolveSibling(line.substring(space + 1)), size));
    }
    return new Pieces(pieces);
  }

  /** The list's text for pieces that lie beside it. */
  byte[] text() {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (Piece p : pieces) {
      text.append(p.size()).append(' ').append(p.file().getFileName()).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Bytes {@code range} (all with null) of the blob: a range within one piece is that file's own
   * region (sent from the file as any blob's); a longer one reads the pieces as one channel.
   */
  InputStream stream(ByteRange range) throws IOException {
    long first = range == null ? 0 : range.first();
    long length = range == null ? size() : range.length();
    int at = pieceAt(first);
    if (at < pieces.size() && first + length <= starts[at + 1]) {
      FileChannel file = FileChannel.open(pieces.get(at).file(), StandardOpenOption.READ);
      return new FileRangeInputStream(file, first - starts[at], length);
    }
    int last = length == 0 ? at - 1 : Math.min(pieceAt(first + length - 1), pieces.size() - 1);
    return new ChannelStream(new PiecesChannel(Math.min(at, pieces.size()), last), first, length, null);
  }

  /** The piece holding byte {@code position}; the piece count at or past the end. */
  private int pieceAt(long position) {
    int i = Arrays.binarySearch(starts, position);
    int at = i >= 0 ? i : -i - 2;
    while (at < pieces.size() && starts[at + 1] == starts[at]) {
      at++; // an empty piece holds nothing
    }
    return Math.min(at, pieces.size());
  }

  /**
   * The pieces from {@code first} to {@code last} as one read-only channel, their files opened at
   * once: a blob deleted or replaced while it is read is still read whole, as a file open is.
   */
  private final class PiecesChannel extends ReadOnlyChannel {
    private final FileChannel[] files = new FileChannel[pieces.size()];
    private boolean closed;

    PiecesChannel(int first, int last) throws IOException {
      try {
        for (int i = first; i <= last; i++) {
          files[i] = FileChannel.open(pieces.get(i).file(), StandardOpenOption.READ);
        }
      } catch (IOException | RuntimeException e) {
        close();
        throw e;
      }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (position >= size()) {
        return -1;
      }
      int at = pieceAt(position);
      FileChannel file = files[at];
      if (file == null) {
        throw new IOException("a read outside the pieces opened");
      }
      int limit = dst.limit();
      dst.limit(dst.position() + (int) Math.min(dst.remaining(), starts[at + 1] - position));
      try {
        int n = file.read(dst, position - starts[at]);
        if (n < 0) {
          return -1; // a piece shorter than the list says: a short read, not another piece's bytes
        }
        position += n;
        return n;
      } finally {
        dst.limit(limit);
      }
    }

    @Override
    public long size() {
      return Pieces.this.size();
    }

    @Override
    public boolean isOpen() {
      return !closed;
    }

    @Override
    public void close() throws IOException {
      closed = true;
      IOException failed = null;
      for (FileChannel file : files) {
        try {
          if (file != null) {
            file.close();
          }
        } catch (IOException e) {
          failed = e;
        }
      }
      if (failed != null) {
        throw failed;
      }
    }
  }
}
