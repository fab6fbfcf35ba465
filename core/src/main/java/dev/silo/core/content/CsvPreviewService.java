package dev.silo.core.content;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ContentTypes;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.error.UnsupportedMediaTypeException;
import dev.silo.core.object.ObjectService;
import dev.silo.core.object.RangeRequest;
import dev.silo.core.object.ReadResult;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The bounded CSV/TSV preview of seed 000. Reads at most {@code maxBytes} of the object with a
 * ranged read (never the whole object), and for {@code .gz} objects at most {@code maxBytes} of
 * compressed input and at most {@code maxBytes} of decompressed text. Authorization and isolation
 * are {@link ObjectService}'s: another tenant's object is a 404 like a missing one.
 */
public final class CsvPreviewService {
  private static final Set<String> CSV_TYPES = Set.of("text/csv", "text/tab-separated-values", "application/csv");
  private static final Set<String> GZIP_TYPES = Set.of("application/gzip", "application/x-gzip");
  private final ObjectService objects;

  public CsvPreviewService(ObjectService objects) {
    this.objects = objects;
  }

  public CsvPreview preview(RequestContext ctx, BucketName bucket, ObjectKey key, PreviewLimits limits) {
    return preview(ctx, objects.info(ctx, bucket, key), limits);
  }

  public CsvPreview preview(RequestContext ctx, ObjectId id, PreviewLimits limits) {
    return preview(ctx, objects.byId(ctx, id), limits);
  }

  /** Reads the first bytes of the object previewed. */
  @FunctionalInterface
  public interface Source {
    ReadResult read(RangeRequest range);
  }

  /** The preview of what {@code source} reads, described by {@code info}: a version of a key, resolved by the caller. */
  public CsvPreview preview(ObjectInfo info, Source source, PreviewLimits limits) {
    return analyze(info, source, limits);
  }

  private CsvPreview preview(RequestContext ctx, ObjectInfo info, PreviewLimits limits) {
    return analyze(info, range -> objects.read(ctx, info.bucket(), info.key(), range, null, true), limits);
  }

  private CsvPreview analyze(ObjectInfo info, Source source, PreviewLimits limits) {
    Kind kind = kind(info);
    List<String> notes = new ArrayList<>();
    if (info.size() == 0) {
      return CsvAnalyzer.analyze(new CsvAnalyzer.Source("", false, 0, 0, kind.gzip(), kind.delimiter(), notes), limits.maxRows());
    }
    RangeRequest head = new RangeRequest(0L, (long) limits.maxBytes() - 1, null);
    ReadResult.Content content = (ReadResult.Content) source.read(head);
    kind(content.object());
    long size = content.object().size();
    try (InputStream raw = content.body()) {
      byte[] stored = raw.readNBytes(limits.maxBytes());
      boolean truncated = size > stored.length;
      byte[] bytes = stored;
      boolean gzip = kind.gzip() || isGzip(stored);
      if (gzip) {
        Inflated inflated = inflate(stored, limits.maxBytes(), truncated, notes);
        bytes = inflated.bytes();
        truncated = inflated.truncated();
      }
      String text = decode(bytes, truncated, notes);
      return CsvAnalyzer.analyze(
          new CsvAnalyzer.Source(text, truncated, stored.length, bytes.length, gzip, kind.delimiter(), notes), limits.maxRows());
    } catch (IOException e) {
      throw new UnavailableException("the storage backend failed", e);
    }
  }

  private record Kind(boolean gzip, char delimiter) {}

  /**
   * CSV and TSV media types, or {@code text/plain} and gzip with a {@code .csv}/{@code .tsv}
   * (optionally {@code .gz}) name; anything else is a 415.
   */
  private static Kind kind(ObjectInfo o) {
    String type = ContentTypes.base(o.contentType());
    String name = o.key().value().toLowerCase(Locale.ROOT);
    boolean gzName = name.endsWith(".gz");
    String plain = gzName ? name.substring(0, name.length() - 3) : name;
    boolean csvName = plain.endsWith(".csv") || plain.endsWith(".tsv") || plain.endsWith(".tab");
    boolean ok =
        CSV_TYPES.contains(type)
            || (type.equals("text/plain") || GZIP_TYPES.contains(type)) && csvName;
    if (!ok) {
      throw new UnsupportedMediaTypeException(
          "preview_unsupported", "preview is only for text/csv, text/tab-separated-values, or text/plain and gzip objects named .csv/.tsv(.gz); this object is " + type);
    }
    boolean tsv = type.equals("text/tab-separated-values") || plain.endsWith(".tsv") || plain.endsWith(".tab");
    return new Kind(gzName || GZIP_TYPES.contains(type), tsv ? '\t' : ',');
  }

  private static boolean isGzip(byte[] b) {
    return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
  }

  private record Inflated(byte[] bytes, boolean truncated) {}

  /** At most {@code cap} decompressed bytes; a stream cut by the range read ends the text early. */
  private static Inflated inflate(byte[] compressed, int cap, boolean compressedTruncated, List<String> notes) {
    byte[] buf = new byte[cap];
    int n = 0;
    boolean more = false;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 8192)) {
      while (n < cap) {
        int r = in.read(buf, n, cap - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
      more = n == cap && in.read() >= 0;
    } catch (EOFException e) {
      more = true;
      if (!compressedTruncated) {
        notes.add("the gzip stream ends unexpectedly");
      }
    } catch (ZipException e) {
      notes.add("the gzip stream is corrupt: " + e.getMessage());
      more = compressedTruncated;
    } catch (IOException e) {
      notes.add("the gzip stream could not be read");
    }
    return new Inflated(java.util.Arrays.copyOf(buf, n), more || compressedTruncated);
  }

  /**
   * UTF-8 (with or without BOM), UTF-16 with a BOM; invalid UTF-8 falls back to windows-1252
   * with a note. A truncated text is cut after its last line break, so no record or character is
   * cut in half.
   */
  static String decode(byte[] b, boolean truncated, List<String> notes) {
    int start = 0;
    Charset cs = StandardCharsets.UTF_8;
    if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
      start = 3;
    } else if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
      start = 2;
      cs = StandardCharsets.UTF_16LE;
    } else if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
      start = 2;
      cs = StandardCharsets.UTF_16BE;
    }
    int end = b.length;
    if (truncated && cs == StandardCharsets.UTF_8) {
      int nl = end - 1;
      while (nl >= start && b[nl] != '\n') {
        nl--;
      }
      if (nl >= start) {
        end = nl + 1;
      }
    }
    if (cs != StandardCharsets.UTF_8 && (end - start) % 2 == 1) {
      end--;
    }
    ByteBuffer bytes = ByteBuffer.wrap(b, start, end - start);
    try {
      String s =
          cs.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(bytes)
              .toString();
      if (truncated && cs != StandardCharsets.UTF_8) {
        int nl = s.lastIndexOf('\n');
        s = nl < 0 ? s : s.substring(0, nl + 1);
      }
      return s;
    } catch (CharacterCodingException e) {
      notes.add("the text is not valid " + cs.name() + "; decoded as windows-1252");
      return new String(b, start, end - start, Charset.forName("windows-1252"));
    }
  }
}
