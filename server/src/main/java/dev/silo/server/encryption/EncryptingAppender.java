package dev.silo.server.encryption;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.AppendableBlobs;
import dev.silo.core.spi.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A resumable upload's blob grown in place under encryption: each chunk is appended as a unit of
 * its own ({@link Units}: Tink ciphertext and trailer), so the finished blob is the object's blob
 * as it stands, never joined or copied. Offsets are plain-text bytes; the first {@code offset} of
 * them end in storage where the unit that brought their count to {@code offset} ends.
 *
 * <p>That end is remembered per blob after each append and checked against the stored size; when
 * it is not known (another node took the chunk before, Silo restarted, a chunk failed) the units
 * are walked from their trailers. A crash mid-chunk leaves a torn unit with no trailer after the
 * committed ones: the committed end is then the last trailer before it whose units add up to the
 * offset, found by looking back from the end for the trailer's magic (no further back than the
 * offset itself, since units store more than they hold).
 *
 * <p>An upload keeps the form its first chunk gave it: begun in plain text ({@code
 * SILO_ENCRYPTION=off}, or before uploads were encrypted in place) it grows in plain text; begun
 * in units it grows in units, whatever the setting is now. A blob is plain text when no trailer
 * ends it and it holds exactly the offset, or when none ends a run of units in its bytes past the
 * offset; units whose count does not reach the offset at a unit's end are an error, never appended to.
 */
final class EncryptingAppender implements AppendableBlobs {
  private static final int SCAN_BLOCK = 1 << 20;
  /** Ends remembered at most: uploads in flight on this node; a forgotten one is walked again. */
  private static final int REMEMBERED = 10_000;

  private final AppendableBlobs store;
  private final BlobStore raw;
  private final EncryptingBlobStore sealer;
  private final boolean encrypt;
  private final Map<Held, End> ends = new ConcurrentHashMap<>();

  private record Held(StorageSpace space, BlobName name) {}

  /** Where a blob's first {@code plaintext} bytes end in storage, and whether they are units. */
  private record End(long plaintext, long stored, boolean sealed) {}

  /**
   * {@code store} appends the bytes as given to {@code raw}'s blobs; {@code sealer} encrypts a
   * chunk as a unit; {@code encrypt} decides the form of an upload's first chunk.
   */
  EncryptingAppender(AppendableBlobs store, BlobStore raw, EncryptingBlobStore sealer, boolean encrypt) {
    this.store = store;
    this.raw = raw;
    this.sealer = sealer;
    this.encrypt = encrypt;
  }

  @Override
  public long append(StorageSpace space, BlobName name, long offset, InputStream in) throws IOException {
    Held held = new Held(space, name);
    End end = end(space, name, offset);
    ends.remove(held); // until this append is known to have ended
    sealer.forgetLayouts(space, name); // anything past the end is cut: a size read before may come back different
    if (!end.sealed()) {
      long n = store.append(space, name, offset, in);
      remember(held, new End(offset + n, offset + n, false));
      return n;
    }
    // an empty chunk adds no unit (a unit of nothing would still store a header, a tag and a trailer)
    PushbackInputStream body = new PushbackInputStream(in, 1);
    int first;
    try {
      first = body.read();
    } catch (IOException | RuntimeException e) {
      cut(space, name, end);
      throw e;
    }
    if (first < 0) {
      if (end.stored() == 0) {
        store.append(space, name, 0, InputStream.nullInputStream()); // the (empty, plain) blob exists
      } else {
        cut(space, name, end);
      }
      remember(held, end);
      return 0;
    }
    body.unread(first);
    EncryptingBlobStore.Sealing sealing = sealer.sealing(space, body);
    long stored = store.append(space, name, end.stored(), sealing.input());
    long plaintext = sealing.input().plaintext();
    remember(held, new End(offset + plaintext, end.stored() + stored, true));
    return plaintext;
  }

  @Override
  public void truncate(StorageSpace space, BlobName name, long length) throws IOException {
    if (raw.size(space, name).isEmpty()) {
      return; // nothing to cut
    }
    End end = end(space, name, length);
    cut(space, name, end);
    remember(new Held(space, name), end);
  }

  private void cut(StorageSpace space, BlobName name, End end) throws IOException {
    sealer.forgetLayouts(space, name);
    store.truncate(space, name, end.stored());
  }

  private void remember(Held held, End end) {
    if (ends.size() >= REMEMBERED) {
      ends.clear();
    }
    ends.put(held, end);
  }

  /** Where the blob's first {@code offset} plain-text bytes end; an IOException if it holds fewer. */
  private End end(StorageSpace space, BlobName name, long offset) throws IOException {
    if (offset == 0) {
      return new End(0, 0, encrypt);
    }
    long stored = raw.size(space, name).orElse(-1);
    if (stored < offset) {
      throw new IOException("partial blob " + name.value() + " is shorter than its committed offset");
    }
    End known = ends.get(new Held(space, name));
    if (known != null && known.plaintext() == offset && known.stored() == stored) {
      return known;
    }
    Units units = unitsEndingAt(space, name, stored);
    if (units == null && stored > offset) {
      units = lastUnitsBefore(space, name, stored, offset);
    }
    if (units == null) {
      return new End(offset, offset, false);
    }
    for (Units.Unit u : units.units()) {
      if (u.plainStart() + u.plaintext() == offset) {
        return new End(offset, u.start() + u.ciphertext() + Units.TRAILER, true);
      }
    }
    throw new IOException("partial blob " + name.value() + " has no chunk ending at its committed offset");
  }

  /** The units that end at {@code end} and begin the blob, or null if no trailer ends there. */
  private Units unitsEndingAt(StorageSpace space, BlobName name, long end) {
    try {
      return Units.of(raw, space, name, end);
    } catch (IOException damaged) {
      return null;
    }
  }

  /**
   * A torn unit at the end: the units before the nearest trailer that ends such a run, looking
   * back no further than {@code offset}; null if there is none (the blob is plain text).
   */
  private Units lastUnitsBefore(StorageSpace space, BlobName name, long storedSize, long offset) throws IOException {
    byte[] magic = Units.MAGIC;
    long to = storedSize - Units.TRAILER + magic.length; // a trailer's magic ends no later
    while (to - magic.length >= offset) {
      long from = Math.max(offset, to - SCAN_BLOCK);
      byte[] block = Units.readFully(raw, space, name, from, (int) (to - from));
      for (int i = block.length - magic.length; i >= 0; i--) {
        if (startsWith(block, i, magic)) {
          Units found = unitsEndingAt(space, name, from + i + Units.TRAILER);
          if (found != null) {
            return found;
          }
        }
      }
      if (from == offset) {
        break;
      }
      to = from + magic.length - 1; // a magic across the block's start is found in the next
    }
    return null;
  }

  private static boolean startsWith(byte[] block, int at, byte[] magic) {
    for (int j = 0; j < magic.length; j++) {
      if (block[at + j] != magic[j]) {
        return false;
      }
    }
    return true;
  }
}
