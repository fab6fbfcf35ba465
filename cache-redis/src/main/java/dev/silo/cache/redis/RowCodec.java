package dev.silo.cache.redis;

import dev.silo.core.domain.Acl;
import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.Checksum;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.ObjectLock;
import dev.silo.core.domain.ObjectTags;
import dev.silo.core.domain.ObjectStatus;
import dev.silo.core.domain.StandardHeaders;
import dev.silo.core.domain.SystemFacts;
import dev.silo.core.domain.Version;
import dev.silo.core.spi.ObjectRepository.Visit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Object rows as cache values: a version byte, then a list of rows, or of a delimited walk's
 * visits. An absent row (a cached 404) is an empty list. A value of another version is treated as a miss, so nodes of two Silo
 * versions can share one Redis.
 */
final class RowCodec {
  /**
   * 2: standard headers and system facts (before, system facts were user metadata). 3: the row's
   * version (id and whether it is the null version) and the blob's seal (key version and stored size).
   * 4: the row's tags. 5: the object's checksum. 6: the version's object lock.
   */
  private static final int VERSION = 6;

  private RowCodec() {}

  static byte[] encode(List<ObjectInfo> rows) {
    return encode(rows, RowCodec::write);
  }

  static byte[] encode(Optional<ObjectInfo> row) {
    return encode(row.map(List::of).orElse(List.of()));
  }

  /** The rows, or null when the value is not one this version wrote. */
  static List<ObjectInfo> decode(byte[] value) {
    return decode(value, RowCodec::read);
  }

  /** A delimited listing's walk: each key, then whether a row follows, then the row. */
  static byte[] encodeVisits(List<Visit> visits) {
    return encode(visits, (out, v) -> {
      out.writeUTF(v.key());
      out.writeBoolean(v.row() != null);
      if (v.row() != null) {
        write(out, v.row());
      }
    });
  }

  /** The walk's visits, or null when the value is not one this version wrote. */
  static List<Visit> decodeVisits(byte[] value) {
    return decode(value, in -> new Visit(in.readUTF(), in.readBoolean() ? read(in) : null));
  }

  private interface Writer<T> {
    void write(DataOutputStream out, T item) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static <T> byte[] encode(List<T> items, Writer<T> writer) {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeInt(items.size());
      for (T item : items) {
        writer.write(out, item);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> List<T> decode(byte[] value, Reader<T> reader) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      if (in.readUnsignedByte() != VERSION) {
        return null;
      }
      int n = in.readInt();
      List<T> items = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        items.add(reader.read(in));
      }
      return items;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static void write(DataOutputStream out, ObjectInfo o) throws IOException {
    out.writeUTF(o.id().value());
    out.writeUTF(o.bucket().value());
    writeLong(out, o.key().value());
    out.writeLong(o.size());
    nullable(out, o.contentType());
    nullable(out, o.etag());
    nullable(out, o.sha256());
    out.writeUTF(o.status().name());
    out.writeUTF(o.acl().name());
    nullable(out, o.folder());
    out.writeInt(o.metadata().size());
    for (Map.Entry<String, String> e : o.metadata().entrySet()) {
      writeLong(out, e.getKey());
      writeLong(out, e.getValue());
    }
    for (String h : o.headers().values()) {
      nullable(out, h);
    }
    SystemFacts f = o.facts();
    nullable(out, f.multipartEtag());
    out.writeInt(f.partCount());
    out.writeInt(f.partSizes().size());
    for (long size : f.partSizes()) {
      out.writeLong(size);
    }
    out.writeLong(f.announcedSize() == null ? -1 : f.announcedSize());
    out.writeBoolean(f.directUpload());
    out.writeInt(f.seal() == null ? 0 : f.seal().keyVersion());
    out.writeLong(f.seal() == null ? -1 : f.seal().storedSize());
    nullable(out, o.blob() == null ? null : o.blob().value());
    instant(out, o.createdAt());
    instant(out, o.updatedAt());
    nullable(out, o.version().id());
    out.writeBoolean(o.version().nullVersion());
    nullable(out, o.tags().encode());
    nullable(out, Checksum.encode(f.checksum()));
    nullable(out, o.lock().encode());
  }

  private static ObjectInfo read(DataInputStream in) throws IOException {
    ObjectId id = new ObjectId(in.readUTF());
    BucketName bucket = new BucketName(in.readUTF());
    ObjectKey key = new ObjectKey(readLong(in));
    long size = in.readLong();
    String contentType = nullable(in);
    String etag = nullable(in);
    String sha256 = nullable(in);
    ObjectStatus status = ObjectStatus.valueOf(in.readUTF());
    Acl acl = Acl.valueOf(in.readUTF());
    String folder = nullable(in);
    int n = in.readInt();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      metadata.put(readLong(in), readLong(in));
    }
    List<String> headers = new ArrayList<>();
    for (int i = 0; i < StandardHeaders.NAMES.size(); i++) {
      headers.add(nullable(in));
    }
    String multipartEtag = nullable(in);
    int partCount = in.readInt();
    int sizes = in.readInt();
    List<Long> partSizes = new ArrayList<>(sizes);
    for (int i = 0; i < sizes; i++) {
      partSizes.add(in.readLong());
    }
    long announced = in.readLong();
    boolean direct = in.readBoolean();
    int keyVersion = in.readInt();
    long storedSize = in.readLong();
    SystemFacts facts =
        new SystemFacts(multipartEtag, partCount, partSizes, announced < 0 ? null : announced, direct,
            keyVersion == 0 ? null : new dev.silo.core.domain.BlobSeal(keyVersion, storedSize));
    String blob = nullable(in);
    Instant createdAt = instant(in);
    Instant updatedAt = instant(in);
    Version version = version(nullable(in), in.readBoolean());
    ObjectTags tags = ObjectTags.parse(nullable(in));
    return new ObjectInfo(id, bucket, key, size, contentType, etag, sha256, status, acl, folder,
        metadata, StandardHeaders.of(headers), facts.withChecksum(Checksum.decode(nullable(in))),
        blob == null ? null : new BlobName(blob), createdAt, updatedAt, version, tags, ObjectLock.decode(nullable(in)));
  }

  private static Version version(String id, boolean nullVersion) {
    return id == null ? Version.LEGACY : new Version(id, nullVersion);
  }

  // writeUTF is limited to 64 KiB; keys and metadata values are written with a length prefix
  private static void writeLong(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readLong(DataInputStream in) throws IOException {
    return new String(in.readNBytes(in.readInt()), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void nullable(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      writeLong(out, s);
    }
  }

  private static String nullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? readLong(in) : null;
  }

  private static void instant(DataOutputStream out, Instant t) throws IOException {
    out.writeBoolean(t != null);
    if (t != null) {
      out.writeLong(t.getEpochSecond());
      out.writeInt(t.getNano());
    }
  }

  private static Instant instant(DataInputStream in) throws IOException {
    return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
  }
}
