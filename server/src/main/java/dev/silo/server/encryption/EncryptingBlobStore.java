package dev.silo.server.encryption;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.BlobSeal;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.domain.TenantId;
import dev.silo.core.spi.AppendableBlobs;
import dev.silo.core.spi.BlobNotFoundException;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.ComposableBlobs;
import dev.silo.core.spi.MultipartBlobs;
import dev.silo.core.spi.Presigner;
import dev.silo.core.support.ChannelRegion;
import dev.silo.core.support.ChannelStream;
import dev.silo.core.support.FileRegion;
import dev.silo.core.support.ReadOnlyChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Encryption at rest, in the one place every blob passes: a {@link BlobStore} decorator. Writes
 * (every upload path, parts and chunks included) are encrypted under the tenant's current data key
 * as one unit ({@link Units}); reads find the units from their trailers and decrypt the segments
 * a range touches (from a remote store, a range over several units decrypts its first unit from
 * the unit's start); a plain-text blob (written before, or with {@code SILO_ENCRYPTION=off})
 * reads as it is. Composing parts concatenates their units, and a store's own assembly (S3
 * multipart uploads, for S3 parts and TUS chunks) stores each part as a unit, so the bytes never
 * pass through Silo again ({@link EncryptingMultipartBlobs}). A store that grows a blob in place
 * (TUS on the filesystem) appends each chunk as a unit ({@link EncryptingAppender}).
 */
public final class EncryptingBlobStore implements BlobStore {
  private final BlobStore delegate;
  private final KeyRing keys;
  private final boolean encrypt;
  private final Optional<MultipartBlobs> multipart;
  private final Optional<AppendableBlobs> appendable;
  private final Layouts layouts = new Layouts(4096);

  public EncryptingBlobStore(BlobStore delegate, KeyRing keys, boolean encrypt) {
    this.delegate = delegate;
    this.keys = keys;
    this.encrypt = encrypt;
    this.multipart = delegate.multipart().map(inner -> new EncryptingMultipartBlobs(inner, this, encrypt));
    this.appendable = delegate.appendable().map(inner -> new EncryptingAppender(inner, delegate, this, encrypt));
  }

  @Override
  public void provision(StorageSpace space) throws IOException {
    delegate.provision(space);
  }

  @Override
  public void destroy(StorageSpace space) throws IOException {
    delegate.destroy(space);
  }

  @Override
  public long write(StorageSpace space, BlobName name, InputStream in) throws IOException {
    if (!encrypt) {
      return delegate.write(space, name, in);
    }
    TenantId tenant = keys.tenantOf(space);
    EncryptingInput sealed = new EncryptingInput(in, keys.current(tenant), associated(tenant));
    delegate.write(space, name, sealed);
    return sealed.plaintext();
  }

  @Override
  public InputStream read(StorageSpace space, BlobName name, ByteRange range) throws IOException {
    Units layout = layout(space, name);
    if (layout == null) {
      return delegate.read(space, name, range);
    }
    TenantId tenant = keys.tenantOf(space);
    long first = range == null ? 0 : range.first();
    long last = range == null ? layout.plaintextSize() - 1 : Math.min(range.last(), layout.plaintextSize() - 1);
    List<Piece> pieces = new ArrayList<>();
    for (Units.Unit u : layout.units()) {
      long from = Math.max(first, u.plainStart());
      long to = Math.min(last, u.plainStart() + u.plaintext() - 1);
      if (from <= to) {
        pieces.add(new Piece(u, from - u.plainStart(), to - from + 1));
      }
    }
    if (pieces.isEmpty()) {
      return InputStream.nullInputStream();
    }
    if (pieces.size() == 1) {
      return open(space, name, tenant, pieces.getFirst());
    }
    // several units: their stored bytes through one read of the store, so that the read costs one
    // request of a remote store, and goes on to its end when the blob is deleted or replaced under
    // it (as an open file, or an S3 GET in flight, does); each unit decrypted when the one before
    // it is read to its end, the first at once (a missing key is an error of the read)
    Units.Unit lastUnit = pieces.getLast().unit();
    long from = pieces.getFirst().unit().start();
    InputStream stored = delegate.read(space, name, new ByteRange(from, lastUnit.start() + lastUnit.ciphertext() - 1));
    try {
      if (stored instanceof ChannelRegion region) {
        // seekable: a range decrypts only the segments it touches; the channel may hold the
        // stored bytes at another place (a composed blob's piece): where they start
        SeekableByteChannel channel = region.channel();
        long shift = region.position() - from;
        Opener spans = p -> spanOf(channel, shift, tenant, p);
        return closing(inSequence(spans.open(pieces.getFirst()), pieces.subList(1, pieces.size()), spans), stored);
      }
      Opener inOrder = new InOrder(stored, from, tenant);
      return closing(inSequence(inOrder.open(pieces.getFirst()), pieces.subList(1, pieces.size()), inOrder), stored);
    } catch (IOException | RuntimeException e) {
      stored.close();
      throw e;
    }
  }

  /** {@code in}, closing {@code stored} too when it is closed. */
  private static InputStream closing(InputStream in, InputStream stored) {
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() throws IOException {
        try (stored) {
          super.close();
        }
      }
    };
  }

  /**
   * Pieces read from a stream of the stored blob from {@code at} on, in order: each unit's
   * ciphertext is decrypted as it comes (a piece that starts inside its unit from the unit's
   * start, the plain text before it dropped), what is left of the unit before and its trailer
   * skipped. What a remote store's read of several units is.
   */
  private final class InOrder implements Opener {
    private final InputStream stored;
    private final TenantId tenant;
    private long at;
    private Bounded current;

    InOrder(InputStream stored, long at, TenantId tenant) {
      this.stored = stored;
      this.at = at;
      this.tenant = tenant;
    }

    @Override
    public InputStream open(Piece p) throws IOException {
      Units.Unit u = p.unit();
      if (current != null) {
        at += current.drain();
      }
      stored.skipNBytes(u.start() - at); // the trailer of the unit before
      at = u.start();
      current = Bounded.within(stored, u.ciphertext());
      TenantCipher cipher = cipherOf(tenant, u);
      InputStream plain;
      try {
        plain = cipher.aead().newDecryptingStream(current, associated(tenant));
      } catch (GeneralSecurityException e) {
        throw new IOException("the blob could not be decrypted", e);
      }
      plain.skipNBytes(p.offset());
      return Bounded.within(plain, p.length());
    }
  }

  /** Opens one piece's plain text. */
  @FunctionalInterface
  private interface Opener {
    InputStream open(Piece piece) throws IOException;
  }

  /**
   * {@code head}, then each of {@code rest} opened by {@code opener} when the one before it is
   * read to its end, so that a failure to open is an IOException of that read.
   */
  private static InputStream inSequence(InputStream head, List<Piece> rest, Opener opener) {
    Iterator<Piece> it = rest.iterator();
    Enumeration<InputStream> streams =
        new Enumeration<>() {
          boolean headGiven;

          @Override
          public boolean hasMoreElements() {
            return !headGiven || it.hasNext();
          }

          @Override
          public InputStream nextElement() {
            if (!headGiven) {
              headGiven = true;
              return head;
            }
            Piece next = it.next();
            return new InputStream() {
              private InputStream in;

              private InputStream in() throws IOException {
                if (in == null) {
                  in = opener.open(next);
                }
                return in;
              }

              @Override
              public int read() throws IOException {
                return in().read();
              }

              @Override
              public int read(byte[] b, int off, int len) throws IOException {
                return in().read(b, off, len);
              }

              @Override
              public void close() throws IOException {
                if (in != null) {
                  in.close();
                }
              }
            };
          }
        };
    return new SequenceInputStream(streams);
  }


  /** Plaintext bytes {@code [offset, offset + length)} of one unit. */
  private record Piece(Units.Unit unit, long offset, long length) {}

  private InputStream open(StorageSpace space, BlobName name, TenantId tenant, Piece p) throws IOException {
    return decrypt(tenant, p, ciphertextOf(space, name, p.unit()), space, name);
  }

  /** A unit's ciphertext as the store reads it; nothing for a unit of no bytes. */
  private InputStream ciphertextOf(StorageSpace space, BlobName name, Units.Unit u) throws IOException {
    return u.ciphertext() == 0 ? InputStream.nullInputStream() : delegate.read(space, name, new ByteRange(u.start(), u.start() + u.ciphertext() - 1));
  }

  private TenantCipher cipherOf(TenantId tenant, Units.Unit u) throws IOException {
    return keys.version(tenant, u.keyVersion())
        .orElseThrow(() -> new IOException("the key that encrypted this blob no longer exists"));
  }

  /** A piece's plain text from its unit's {@code ciphertext}, which it closes. */
  private InputStream decrypt(TenantId tenant, Piece p, InputStream ciphertext, StorageSpace space, BlobName name) throws IOException {
    Units.Unit u = p.unit();
    TenantCipher cipher;
    try {
      cipher = cipherOf(tenant, u);
    } catch (IOException e) {
      ciphertext.close();
      throw e;
    }
    boolean whole = p.offset() == 0 && p.length() == u.plaintext();
    try {
      if (u.ciphertext() == 0) {
        return cipher.aead().newDecryptingStream(InputStream.nullInputStream(), associated(tenant));
      }
      if (ciphertext instanceof FileRegion file) {
        // decrypted from the file into whatever buffer reads it: the HTTP layer's own (ResponseBodies)
        SeekableByteChannel plain =
            cipher.aead().newSeekableDecryptingChannel(new ChannelSpan(file.channel(), file.position(), u.ciphertext()), associated(tenant));
        return plainRegion(plain, p, ciphertext);
      }
      if (whole) {
        return cipher.aead().newDecryptingStream(ciphertext, associated(tenant));
      }
      ciphertext.close();
      // a range from another store: the segments it touches, through ranged reads of the store
      SeekableByteChannel plain =
          cipher.aead().newSeekableDecryptingChannel(new BlobChannel(delegate, space, name, u.start(), u.ciphertext()), associated(tenant));
      return plainRegion(plain, p, null);
    } catch (GeneralSecurityException e) {
      throw new IOException("the blob could not be decrypted", e);
    }
  }

  /** One piece's plain text, decrypted from its unit's span of {@code channel}; closing it leaves the channel open. */
  private InputStream spanOf(SeekableByteChannel channel, long shift, TenantId tenant, Piece p) throws IOException {
    Units.Unit u = p.unit();
    TenantCipher cipher = cipherOf(tenant, u);
    try {
      if (u.ciphertext() == 0) {
        return cipher.aead().newDecryptingStream(InputStream.nullInputStream(), associated(tenant));
      }
      SeekableByteChannel plain =
          cipher.aead().newSeekableDecryptingChannel(new ChannelSpan(channel, shift + u.start(), u.ciphertext()), associated(tenant));
      return plainRegion(plain, p, null);
    } catch (GeneralSecurityException e) {
      throw new IOException("the blob could not be decrypted", e);
    }
  }

  /**
   * A piece's plain text, decrypted by Tink's seekable channel segment by segment into the buffer
   * of whoever reads: the HTTP layer reads the channel into its pooled direct buffers, 128 KiB at a
   * time (for a local file, where a stream was copied through two heap arrays and written 16 KiB
   * at a time); anything else reads it as a stream. Closing it closes the channel and {@code file},
   * the stream its ciphertext came from, if any.
   */
  private static InputStream plainRegion(SeekableByteChannel plain, Piece p, InputStream file) {
    return new ChannelStream(plain, p.offset(), p.length(), file);
  }

  /**
   * Bytes {@code [start, start + size)} of a channel that holds the stored blob's bytes at their
   * positions: a file (read with positional reads), or a composed blob's pieces.
   */
  private static final class ChannelSpan extends Span {
    private final SeekableByteChannel file;

    ChannelSpan(SeekableByteChannel file, long start, long size) {
      super(start, size);
      this.file = file;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (position >= size) {
        return -1;
      }
      int limit = dst.limit();
      dst.limit(dst.position() + (int) Math.min(dst.remaining(), size - position));
      try {
        int n = file instanceof FileChannel positional ? positional.read(dst, start + position) : file.position(start + position).read(dst);
        if (n > 0) {
          position += n;
        }
        return n;
      } finally {
        dst.limit(limit);
      }
    }

    @Override
    public boolean isOpen() {
      return file.isOpen();
    }

    @Override
    public void close() {
      // the channel is closed with the stream that holds it
    }
  }

  /**
   * Bytes {@code [start, start + size)} of a blob as a read-only channel of their own, positioned
   * from 0: what Tink's seekable decryption reads one unit through.
   */
  private abstract static class Span extends ReadOnlyChannel {
    final long start;
    final long size;

    Span(long start, long size) {
      this.start = start;
      this.size = size;
    }

    @Override
    public long size() {
      return size;
    }
  }


  @Override
  public OptionalLong size(StorageSpace space, BlobName name) throws IOException {
    OptionalLong stored = delegate.size(space, name);
    if (stored.isEmpty()) {
      return stored;
    }
    Units layout = layout(space, name, stored.getAsLong());
    return layout == null ? stored : OptionalLong.of(layout.plaintextSize());
  }

  @Override
  public BlobSeal seal(StorageSpace space, BlobName name) throws IOException {
    Units layout = layout(space, name);
    return layout == null ? null : new BlobSeal(layout.oldestKeyVersion(), layout.storedSize());
  }

  @Override
  public void delete(StorageSpace space, BlobName name) throws IOException {
    delegate.delete(space, name);
  }

  @Override
  public void check() throws IOException {
    delegate.check();
  }

  @Override
  public void check(StorageSpace space) throws IOException {
    delegate.check(space);
  }

  /** Direct uploads to the backend bypass Silo, so their blobs stay plain text (documented). */
  @Override
  public Optional<Presigner> presigner() {
    return delegate.presigner();
  }

  /** Resumable uploads grow their blob a unit per chunk ({@link EncryptingAppender}). */
  @Override
  public Optional<AppendableBlobs> appendable() {
    return appendable;
  }

  /** The backend's multipart uploads, each part encrypted as a unit ({@link EncryptingMultipartBlobs}). */
  @Override
  public Optional<MultipartBlobs> multipart() {
    return multipart;
  }

  /**
   * A blob's units, found from its trailers: one ranged read per unit, so a blob assembled from
   * many parts would cost many reads on every GET. Blob names are never reused and a blob changes
   * only by growing (or, an upload's, by a cut back, which forgets it), so a layout is remembered
   * under its name and stored size, and a read costs the one size request.
   */
  Units layout(StorageSpace space, BlobName name) throws IOException {
    OptionalLong size = delegate.size(space, name);
    if (size.isEmpty()) {
      throw new BlobNotFoundException(name.value());
    }
    return layout(space, name, size.getAsLong());
  }

  void forgetLayouts(StorageSpace space, BlobName name) {
    layouts.forget(space, name);
  }

  private Units layout(StorageSpace space, BlobName name, long storedSize) throws IOException {
    Layouts.Key key = new Layouts.Key(space, name, storedSize);
    Units known = layouts.get(key);
    if (known != null) {
      return known == Layouts.PLAIN ? null : known;
    }
    Units found = Units.of(delegate, space, name, storedSize);
    layouts.put(key, found == null ? Layouts.PLAIN : found);
    return found;
  }

  /** A plaintext input as one unit under the tenant's current key, and what a given length of it stores. */
  record Sealing(EncryptingInput input, TenantCipher cipher) {
    long storedSize(long plaintext) {
      return cipher.storedSize(plaintext);
    }
  }

  Sealing sealing(StorageSpace space, InputStream plain) throws IOException {
    TenantId tenant = keys.tenantOf(space);
    TenantCipher cipher = keys.current(tenant);
    return new Sealing(new EncryptingInput(plain, cipher, associated(tenant)), cipher);
  }

  /**
   * Parts that are all encrypted (or, with encryption off, all plain) are concatenated by the store
   * as they are: each part stays its own unit. A mix is read and written again as one blob.
   */
  @Override
  public Optional<ComposableBlobs> composable() {
    return delegate.composable().map(inner -> (space, name, sources) -> {
      long plaintext = 0;
      boolean uniform = true;
      for (BlobName source : sources) {
        Units layout = layout(space, source);
        uniform &= (layout != null) == encrypt;
        plaintext += layout == null ? delegate.size(space, source).orElse(0) : layout.plaintextSize();
      }
      if (uniform) {
        inner.compose(space, name, sources);
        return plaintext;
      }
      List<InputStream> parts = new ArrayList<>();
      for (BlobName source : sources) {
        parts.add(read(space, source, null));
      }
      try (InputStream all = new SequenceInputStream(Collections.enumeration(parts))) {
        return write(space, name, all);
      }
    });
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  private static byte[] associated(TenantId tenant) {
    return ("silo-blob:" + tenant.value()).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Plain text in, one unit out, pulled: reads a segment's worth of the input, has Tink encrypt it
   * into a small buffer and hands that out, so memory stays a few segments whatever the size. The
   * input's exceptions pass through unchanged.
   */
  static final class EncryptingInput extends InputStream {
    private final InputStream in;
    private final TenantCipher cipher;
    private final Buffer buffer = new Buffer();
    private final OutputStream encrypting;
    private final byte[] chunk = new byte[TenantCipher.SEGMENT];
    private long plaintext;
    private long ciphertext;
    private boolean done;
    private int pos;

    EncryptingInput(InputStream in, TenantCipher cipher, byte[] associated) throws IOException {
      this.in = in;
      this.cipher = cipher;
      try {
        this.encrypting = TenantCipher.started(() -> cipher.aead().newEncryptingStream(buffer, associated));
        this.ciphertext = buffer.size(); // Tink writes the header at once
      } catch (GeneralSecurityException e) {
        throw new IOException("encryption is not available", e);
      }
    }

    long plaintext() {
      return plaintext;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (pos >= buffer.size()) {
        if (done) {
          return -1;
        }
        buffer.reset();
        pos = 0;
        int n = in.read(chunk);
        if (n < 0) {
          encrypting.close(); // the last segment
          ciphertext += buffer.size();
          buffer.write(Units.trailer(cipher.version(), ciphertext, plaintext));
          done = true;
        } else {
          encrypting.write(chunk, 0, n);
          plaintext += n;
          ciphertext += buffer.size();
        }
      }
      int n = Math.min(len, buffer.size() - pos);
      System.arraycopy(buffer.bytes(), pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private static final class Buffer extends ByteArrayOutputStream {
    byte[] bytes() {
      return buf;
    }
  }

  /** A range of a blob as a seekable channel, for Tink's seekable decryption: reopened on a seek. */
  private static final class BlobChannel extends Span {
    private final BlobStore store;
    private final StorageSpace space;
    private final BlobName name;
    private InputStream open;
    private long openAt = -1;

    BlobChannel(BlobStore store, StorageSpace space, BlobName name, long start, long size) {
      super(start, size);
      this.store = store;
      this.space = space;
      this.name = name;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (position >= size) {
        return -1;
      }
      if (open == null || openAt != position) {
        if (open != null) {
          open.close();
        }
        open = store.read(space, name, new ByteRange(start + position, start + size - 1));
        openAt = position;
      }
      byte[] bytes = new byte[(int) Math.min(dst.remaining(), size - position)];
      int n = open.read(bytes);
      if (n < 0) {
        throw new IOException("the blob " + name.value() + " ended early");
      }
      dst.put(bytes, 0, n);
      position += n;
      openAt += n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() throws IOException {
      if (open != null) {
        open.close();
      }
    }
  }
}
