package dev.silo.image;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.silo.core.content.ImageEngine;
import dev.silo.core.content.ImageFormat;
import dev.silo.core.content.Transform;
import dev.silo.core.error.InvalidTransformException;
import dev.silo.core.error.UnsupportedMediaTypeException;
import dev.silo.core.support.Unchecked;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * libvips through {@link Libvips}: {@code vips_thumbnail_buffer} (shrink-on-load, so a 4000×3000
 * JPEG is decoded at an eighth of its size when the target is small), an optional {@code
 * vips_extract_area} for a focal-point crop, and {@code vips_image_write_to_buffer} with the
 * saver's options in the suffix. Each call's native memory lives in a confined arena; images are
 * unreferenced and libvips' output buffer freed before returning.
 */
public final class LibvipsEngine implements ImageEngine {
  private final Libvips vips;
  private final String name;
  private final Set<ImageFormat> outputs;

  private LibvipsEngine(Libvips vips) {
    this.vips = vips;
    this.name = "libvips-" + vips.version();
    this.outputs = probeOutputs();
  }

  /** libvips when it can be loaded here, else empty. */
  public static Optional<LibvipsEngine> load() {
    try {
      return Optional.of(new LibvipsEngine(Libvips.load()));
    } catch (UnsatisfiedLinkError | IllegalArgumentException | IllegalStateException e) {
      return Optional.empty();
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<ImageFormat> outputs() {
    return outputs;
  }

  @Override
  public Optional<Dimensions> probe(byte[] source) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocateFrom(JAVA_BYTE, source);
      MemorySegment image =
          (MemorySegment) vips.imageNewFromBuffer.invokeExact(buf, (long) source.length, arena.allocateFrom(""), MemorySegment.NULL);
      if (image.equals(MemorySegment.NULL)) {
        vips.error();
        return Optional.empty();
      }
      try {
        return Optional.of(new Dimensions((int) vips.imageGetWidth.invokeExact(image), (int) vips.imageGetHeight.invokeExact(image)));
      } finally {
        vips.unref(image);
      }
    } catch (Throwable t) {
      throw Unchecked.of(t);
    }
  }

  @Override
  public byte[] transform(byte[] source, Dimensions size, Transform t, ImageFormat target) {
    Geometry g = Geometry.of(size, t);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocateFrom(JAVA_BYTE, source);
      MemorySegment out = arena.allocate(ADDRESS);
      int rc =
          (int)
              vips.thumbnailBuffer.invokeExact(
                  buf, (long) source.length, out, g.boxWidth(),
                  arena.allocateFrom("height"), g.boxHeight(),
                  arena.allocateFrom("crop"), g.centreCrop() ? Libvips.INTERESTING_CENTRE : Libvips.INTERESTING_NONE,
                  arena.allocateFrom("size"), g.enlarge() ? Libvips.SIZE_BOTH : Libvips.SIZE_DOWN,
                  MemorySegment.NULL);
      if (rc != 0) {
        throw new UnsupportedMediaTypeException("not_an_image", "the image could not be decoded: " + vips.error());
      }
      MemorySegment image = out.get(ADDRESS, 0);
      try {
        if (g.focal() != null) {
          MemorySegment cropped = crop(arena, image, g);
          vips.unref(image);
          image = cropped;
        }
        return save(arena, image, target, t.quality());
      } finally {
        vips.unref(image);
      }
    } catch (Throwable e) {
      throw Unchecked.of(e);
    }
  }

  private MemorySegment crop(Arena arena, MemorySegment image, Geometry g) throws Throwable {
    int w = (int) vips.imageGetWidth.invokeExact(image);
    int h = (int) vips.imageGetHeight.invokeExact(image);
    int cw = Math.min(g.width(), w);
    int ch = Math.min(g.height(), h);
    int left = Geometry.offset(w, cw, g.focal().x());
    int top = Geometry.offset(h, ch, g.focal().y());
    MemorySegment out = arena.allocate(ADDRESS);
    int rc = (int) vips.extractArea.invokeExact(image, out, left, top, cw, ch, MemorySegment.NULL);
    if (rc != 0) {
      throw new IllegalStateException("vips_extract_area failed: " + vips.error());
    }
    return out.get(ADDRESS, 0);
  }

  private byte[] save(Arena arena, MemorySegment image, ImageFormat target, Integer quality) throws Throwable {
    MemorySegment buf = arena.allocate(ADDRESS);
    MemorySegment len = arena.allocate(JAVA_LONG);
    int rc = (int) vips.writeToBuffer.invokeExact(image, arena.allocateFrom(suffix(target, quality)), buf, len, MemorySegment.NULL);
    if (rc != 0) {
      throw new InvalidTransformException("format", "format " + target.wire() + " could not be produced: " + vips.error());
    }
    MemorySegment data = buf.get(ADDRESS, 0);
    try {
      return data.reinterpret(len.get(JAVA_LONG, 0)).toArray(JAVA_BYTE);
    } finally {
      vips.free(data);
    }
  }

  /** The saver and its options, as libvips parses them from a filename suffix. */
  static String suffix(ImageFormat f, Integer quality) {
    return switch (f) {
      case JPEG -> ".jpg[Q=" + (quality == null ? 82 : quality) + ",strip,optimize_coding]";
      case WEBP -> ".webp[Q=" + (quality == null ? 80 : quality) + ",strip]";
      case PNG -> ".png[compression=6,strip]";
      case AVIF -> ".avif[Q=" + (quality == null ? 50 : quality) + ",compression=av1,effort=2,strip]";
    };
  }

  /** The formats that really encode here: a tiny image saved once in each. */
  private Set<ImageFormat> probeOutputs() {
    Set<ImageFormat> ok = EnumSet.noneOf(ImageFormat.class);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ADDRESS);
      int rc = (int) vips.black.invokeExact(out, 16, 16, arena.allocateFrom("bands"), 3, MemorySegment.NULL);
      if (rc != 0) {
        return ok;
      }
      MemorySegment image = out.get(ADDRESS, 0);
      try {
        for (ImageFormat f : ImageFormat.values()) {
          try {
            if (save(arena, image, f, null).length > 0) {
              ok.add(f);
            }
          } catch (RuntimeException e) {
            // not available on this machine: requests for it get a 422 naming the format
          }
        }
      } finally {
        vips.unref(image);
      }
    } catch (Throwable t) {
      throw Unchecked.of(t);
    }
    return Set.copyOf(ok);
  }

}
