package dev.silo.core.content;

import java.util.Optional;
import java.util.Set;

/**
 * The port to an image library. Implementations are thread-safe. {@link #probe} reads only the
 * header (no pixels are decoded), so a decompression bomb is refused before it costs memory.
 */
public interface ImageEngine {
  /** A short name for logs, metrics and cache keys ({@code libvips-8.14.1}, {@code imageio}). */
  String name();

  /** The formats this engine can produce on this machine. */
  Set<ImageFormat> outputs();

  /** Width and height from the header, or empty when the bytes are no image this engine reads. */
  Optional<Dimensions> probe(byte[] source);

  /**
   * Resizes (and crops, for cover) and encodes. {@code target} is the concrete output format;
   * throws {@link dev.silo.core.error.UnsupportedMediaTypeException} when the source cannot be decoded.
   */
  byte[] transform(byte[] source, Dimensions sourceSize, Transform transform, ImageFormat target);

  /** No image library at all: every transform is a 422 naming the format. */
  ImageEngine NONE =
      new ImageEngine() {
        @Override
        public String name() {
          return "none";
        }

        @Override
        public Set<ImageFormat> outputs() {
          return Set.of();
        }

        @Override
        public Optional<Dimensions> probe(byte[] source) {
          return Optional.empty();
        }

        @Override
        public byte[] transform(byte[] source, Dimensions sourceSize, Transform transform, ImageFormat target) {
          throw new IllegalStateException("no image engine");
        }
      };

  record Dimensions(int width, int height) {
    public long pixels() {
      return (long) width * height;
    }
  }
}
