package dev.silo.core.content;

import dev.silo.core.auth.RequestContext;
import dev.silo.core.domain.Acl;
import dev.silo.core.domain.BucketName;
import dev.silo.core.domain.ContentTypes;
import dev.silo.core.domain.ObjectInfo;
import dev.silo.core.domain.ObjectKey;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.error.InvalidTransformException;
import dev.silo.core.error.UnavailableException;
import dev.silo.core.error.UnsupportedMediaTypeException;
import dev.silo.core.object.ObjectService;
import dev.silo.core.object.ReadResult;
import dev.silo.core.support.Hashing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Image transforms on GET (seed 004). The order matters: the caller is authorized for the source
 * (a private object, or one of another tenant, is a 404 before anything else), then the ETag of
 * the result is derived from the source's ETag and the canonical transform, so {@code
 * If-None-Match} answers 304 without decoding; then the on-disk cache; only then is the source
 * read, its header checked against the pixel limit, and the image decoded.
 */
public final class ImageTransformService {
  public static final String PUBLIC_CACHE = "public, max-age=31536000, immutable";
  public static final String PRIVATE_CACHE = "private, no-cache";

  /** Pixel limit (width × height of the source) and the largest source read into memory. */
  public record Limits(long maxPixels, long maxSourceBytes, int concurrency) {
    public Limits {
      if (maxPixels < 1 || maxSourceBytes < 1 || concurrency < 1) {
        throw new IllegalArgumentException("image limits must be positive");
      }
    }
  }

  /** What to answer. */
  public sealed interface Outcome {
    String etag();

    String cacheControl();

    record NotModified(String etag, String cacheControl) implements Outcome {}

    /** The transformed image; {@code cached}: served from the cache, no decode. */
    record Image(String etag, String cacheControl, String mediaType, InputStream body, long length, boolean cached)
        implements Outcome {}
  }

  private final ObjectService objects;
  private final ImageEngine engine;
  private final TransformCache cache;
  private final Limits limits;
  private final Semaphore permits;
  private final AtomicLong decodes = new AtomicLong();
  private final AtomicLong hits = new AtomicLong();

  public ImageTransformService(ObjectService objects, ImageEngine engine, TransformCache cache, Limits limits) {
    this.objects = objects;
    this.engine = engine;
    this.cache = cache;
    this.limits = limits;
    this.permits = new Semaphore(limits.concurrency());
  }

  public Outcome transform(RequestContext ctx, BucketName bucket, ObjectKey key, Transform t, String ifNoneMatch) {
    return transform(body -> objects.read(ctx, bucket, key, null, null, body), t, ifNoneMatch);
  }

  /**
   * A transform of what {@code source} reads: a version of a key, which the caller resolved with
   * the tenant's credential. The cache knows a source by its object and SHA-256, so versions with
   * other bytes never share an entry.
   */
  public Outcome transform(Source source, Transform t, String ifNoneMatch) {
    return run(source, t, ifNoneMatch);
  }

  public Outcome transformPublic(TenantSlug slug, BucketName bucket, ObjectKey key, Transform t, String ifNoneMatch) {
    return run(body -> objects.readPublic(slug, bucket, key, null, null, body), t, ifNoneMatch);
  }

  /** Images decoded so far (cache misses that reached the engine). */
  public long decodes() {
    return decodes.get();
  }

  /** Transforms served from the cache. */
  public long cacheHits() {
    return hits.get();
  }

  public String engineName() {
    return engine.name();
  }

  /** Reads the source image: its description only, or its bytes too. */
  @FunctionalInterface
  public interface Source {
    ReadResult read(boolean body);
  }

  private Outcome run(Source reader, Transform t, String ifNoneMatch) {
    for (int attempt = 0; ; attempt++) {
      ObjectInfo source = reader.read(false).object();
      ImageFormat target = target(source, t);
      String canonical = t.canonical() + "&to=" + target.wire();
      String etag = "\"" + hex(Hashing.sha256(source.etag() + "|" + canonical)).substring(0, 32) + "\"";
      String cacheControl = source.acl() == Acl.PUBLIC ? PUBLIC_CACHE : PRIVATE_CACHE;
      if (matches(ifNoneMatch, etag)) {
        return new Outcome.NotModified(etag, cacheControl);
      }
      String address = hex(Hashing.sha256(source.id().value() + "|" + source.sha256() + "|" + canonical + "|" + engine.name()));
      var cached = cache.get(address);
      if (cached.isPresent()) {
        hits.incrementAndGet();
        return new Outcome.Image(etag, cacheControl, target.mediaType(), cached.get().body(), cached.get().length(), true);
      }
      if (source.size() > limits.maxSourceBytes()) {
        throw new InvalidTransformException(null, "the source image is larger than " + limits.maxSourceBytes() + " bytes");
      }
      ReadResult.Content content = (ReadResult.Content) reader.read(true);
      byte[] bytes;
      try (InputStream in = content.body()) {
        bytes = in.readNBytes((int) Math.min(limits.maxSourceBytes(), Integer.MAX_VALUE - 16));
      } catch (IOException e) {
        throw new UnavailableException("the storage backend failed", e);
      }
      if (!content.object().etag().equals(source.etag())) {
        if (attempt < 2) {
          continue; // overwritten in between: start again on the new object
        }
        throw new UnavailableException("the object changes too often to transform it");
      }
      byte[] out = render(bytes, t, target);
      cache.put(address, out);
      return new Outcome.Image(etag, cacheControl, target.mediaType(), new ByteArrayInputStream(out), out.length, false);
    }
  }

  private byte[] render(byte[] source, Transform t, ImageFormat target) {
    ImageEngine.Dimensions size =
        engine
            .probe(source)
            .orElseThrow(() -> new UnsupportedMediaTypeException("not_an_image", "the object is not an image this server can decode"));
    if (size.pixels() > limits.maxPixels()) {
      throw new InvalidTransformException(
          null, "the source image has " + size.width() + "x" + size.height() + " pixels, more than the limit of " + limits.maxPixels());
    }
    permits.acquireUninterruptibly();
    try {
      decodes.incrementAndGet();
      return engine.transform(source, size, t, target);
    } finally {
      permits.release();
    }
  }

  /** The requested format, else the source's own (PNG for sources we read but do not write). */
  private ImageFormat target(ObjectInfo source, Transform t) {
    String type = ContentTypes.base(source.contentType());
    if (!type.startsWith("image/")) {
      throw new UnsupportedMediaTypeException("not_an_image", "transforms are only for images; this object is " + type);
    }
    ImageFormat f = t.format() != null ? t.format() : ImageFormat.ofMediaType(type);
    if (f == null) {
      f = ImageFormat.PNG;
    }
    if (!engine.outputs().contains(f)) {
      throw new InvalidTransformException("format", "format " + f.wire() + " cannot be produced on this server");
    }
    return f;
  }

  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals("*") || c.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
