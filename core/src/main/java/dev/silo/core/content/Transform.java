package dev.silo.core.content;

import dev.silo.core.error.InvalidTransformException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Image transform parameters as seed 004 defines them, validated: {@code width}, {@code height}
 * (1–4096), {@code quality} (1–100), {@code format} (webp, jpeg, png, avif), {@code fit} (cover,
 * contain) and {@code focal} ({@code x,y}, each 0–100 percent). Null fields were not asked for;
 * {@code format} null keeps the source's format. {@link #canonical()} names a transform uniquely,
 * for ETags and cache keys.
 */
public record Transform(Integer width, Integer height, Integer quality, ImageFormat format, Fit fit, Focal focal) {
  public static final Set<String> PARAMETERS = Set.of("width", "height", "quality", "format", "fit", "focal");
  public static final int MAX_SIDE = 4096;

  public enum Fit {
    COVER,
    CONTAIN
  }

  /** A focal point in percent of the source's width and height. */
  public record Focal(int x, int y) {}

  public Transform {
    check("width", width, 1, MAX_SIDE);
    check("height", height, 1, MAX_SIDE);
    check("quality", quality, 1, 100);
    if (focal != null) {
      check("focal", focal.x(), 0, 100);
      check("focal", focal.y(), 0, 100);
    }
  }

  /** True when the query names any transform parameter: then it is a transform request. */
  public static boolean requested(Map<String, String> query) {
    return query.keySet().stream().anyMatch(PARAMETERS::contains);
  }

  /** Parses the query parameters (absent ones are null); any invalid one is a 422 naming it. */
  public static Transform parse(Map<String, String> q) {
    return new Transform(
        integer("width", q.get("width")),
        integer("height", q.get("height")),
        integer("quality", q.get("quality")),
        format(q.get("format")),
        fit(q.get("fit")),
        focal(q.get("focal")));
  }

  /** The fit that applies: cover needs both sides; default contain. */
  public Fit effectiveFit() {
    return fit == null ? Fit.CONTAIN : fit;
  }

  public String canonical() {
    return "w=" + (width == null ? "" : width)
        + "&h=" + (height == null ? "" : height)
        + "&q=" + (quality == null ? "" : quality)
        + "&f=" + (format == null ? "" : format.wire())
        + "&fit=" + effectiveFit().name().toLowerCase(Locale.ROOT)
        + "&focal=" + (focal == null ? "" : focal.x() + "," + focal.y());
  }

  private static Integer integer(String name, String v) {
    if (v == null) {
      return null;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new InvalidTransformException(name, name + " must be an integer" + range(name));
    }
  }

  private static String range(String name) {
    return name.equals("quality") ? " between 1 and 100" : " between 1 and " + MAX_SIDE;
  }

  private static void check(String name, Integer v, int min, int max) {
    if (v != null && (v < min || v > max)) {
      throw new InvalidTransformException(
          name, name.equals("focal") ? "focal must be x,y with x and y between 0 and 100" : name + " must be an integer" + range(name));
    }
  }

  private static ImageFormat format(String v) {
    if (v == null) {
      return null;
    }
    String s = v.trim().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "webp" -> ImageFormat.WEBP;
      case "jpeg", "jpg" -> ImageFormat.JPEG;
      case "png" -> ImageFormat.PNG;
      case "avif" -> ImageFormat.AVIF;
      default -> throw new InvalidTransformException("format", "format must be one of webp, jpeg, png, avif");
    };
  }

  private static Fit fit(String v) {
    if (v == null) {
      return null;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "cover" -> Fit.COVER;
      case "contain" -> Fit.CONTAIN;
      default -> throw new InvalidTransformException("fit", "fit must be cover or contain");
    };
  }

  private static Focal focal(String v) {
    if (v == null) {
      return null;
    }
    String[] parts = v.split(",", -1);
    if (parts.length != 2) {
      throw new InvalidTransformException("focal", "focal must be x,y with x and y between 0 and 100");
    }
    try {
      return new Focal(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new InvalidTransformException("focal", "focal must be x,y with x and y between 0 and 100");
    }
  }
}
