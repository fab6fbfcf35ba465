package dev.silo.server;

import dev.silo.core.content.ImageEngine;
import dev.silo.core.content.ImageTransformService;
import dev.silo.core.object.ObjectService;
import dev.silo.image.DiskTransformCache;
import dev.silo.image.ImageIoEngine;
import dev.silo.image.LibvipsEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image transform settings: {@code SILO_IMAGE_ENGINE} ({@code auto}: libvips if it loads, else
 * ImageIO; or {@code libvips}, {@code imageio}, {@code none}), {@code SILO_IMAGE_MAX_PIXELS}
 * (sources with more pixels are refused from their header), {@code SILO_IMAGE_MAX_SOURCE_BYTES},
 * {@code SILO_IMAGE_CACHE_BYTES} (the on-disk cache under {@code <data>/cache/transforms}).
 */
public record ImageSettings(String engine, long maxPixels, long maxSourceBytes, long cacheBytes, int concurrency) {
  private static final Logger LOG = LoggerFactory.getLogger(ImageSettings.class);

  static ImageSettings from(Map<String, String> s) {
    return new ImageSettings(
        s.getOrDefault("SILO_IMAGE_ENGINE", "auto").trim().toLowerCase(Locale.ROOT),
        positive(s, "SILO_IMAGE_MAX_PIXELS", 50_000_000L),
        positive(s, "SILO_IMAGE_MAX_SOURCE_BYTES", 64L << 20),
        positive(s, "SILO_IMAGE_CACHE_BYTES", 1L << 30),
        (int) positive(s, "SILO_IMAGE_CONCURRENCY", Math.max(2, Runtime.getRuntime().availableProcessors())));
  }

  /**
   * Loads the chosen engine. Loading libvips probes which formats it can write, which takes a
   * moment, so start-up runs this beside its other work.
   */
  ImageEngine loadEngine() {
    ImageEngine chosen =
        switch (engine) {
          case "auto" -> LibvipsEngine.load().<ImageEngine>map(e -> e).orElseGet(() -> {
            LOG.warn("libvips (libvips42) not found: image transforms use ImageIO (slower; no webp or avif)");
            return new ImageIoEngine();
          });
          case "libvips" -> LibvipsEngine.load().orElseThrow(
              () -> new IllegalStateException("SILO_IMAGE_ENGINE=libvips but libvips.so.42 cannot be loaded; install libvips42"));
          case "imageio" -> new ImageIoEngine();
          case "none" -> ImageEngine.NONE;
          default -> throw new IllegalArgumentException("SILO_IMAGE_ENGINE must be auto, libvips, imageio or none, not " + engine);
        };
    LOG.info("image transforms: engine={} formats={}", chosen.name(), chosen.outputs());
    return chosen;
  }

  /**
   * The transform service over the engine and a cache in the data directory, whose entries are
   * sealed under a key derived from the master key (transformed images are tenants' data too).
   */
  ImageTransformService service(ImageEngine chosen, ObjectService objects, Path dataDir, byte[] masterKey) throws IOException {
    var cache = new dev.silo.server.encryption.EncryptingTransformCache(
        new DiskTransformCache(dataDir.resolve("cache").resolve("transforms"), cacheBytes, Clock.systemUTC()), masterKey);
    return new ImageTransformService(objects, chosen, cache, new ImageTransformService.Limits(maxPixels, maxSourceBytes, concurrency));
  }

  private static long positive(Map<String, String> s, String name, long fallback) {
    String v = s.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a positive integer, not '" + v + "'");
    }
  }
}
