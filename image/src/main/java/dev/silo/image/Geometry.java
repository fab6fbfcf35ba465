package dev.silo.image;

import dev.silo.core.content.ImageEngine.Dimensions;
import dev.silo.core.content.Transform;

/**
 * The box a transform resizes into, shared by the engines. {@code contain} fits the image inside
 * width × height keeping its aspect ratio; {@code cover} fills width × height exactly, cropping
 * around the centre or the focal point; one side alone scales the other proportionally; no side
 * keeps the size (a format or quality change). {@code focal} is set when the crop is done
 * separately, after resizing to cover the box.
 */
record Geometry(int boxWidth, int boxHeight, boolean centreCrop, boolean enlarge, int width, int height, Transform.Focal focal) {

  static Geometry of(Dimensions src, Transform t) {
    Integer w = t.width();
    Integer h = t.height();
    if (w == null && h == null) {
      return new Geometry(Libvips.MAX_COORD, Libvips.MAX_COORD, false, false, src.width(), src.height(), null);
    }
    if (w == null || h == null) {
      return new Geometry(w == null ? Libvips.MAX_COORD : w, h == null ? Libvips.MAX_COORD : h, false, true,
          w == null ? -1 : w, h == null ? -1 : h, null);
    }
    if (t.effectiveFit() == Transform.Fit.CONTAIN) {
      return new Geometry(w, h, false, true, w, h, null);
    }
    if (t.focal() == null) {
      return new Geometry(w, h, true, true, w, h, null);
    }
    double scale = Math.max((double) w / src.width(), (double) h / src.height());
    int bw = Math.max(w, (int) Math.ceil(src.width() * scale));
    int bh = Math.max(h, (int) Math.ceil(src.height() * scale));
    return new Geometry(bw, bh, false, true, w, h, t.focal());
  }

  /** The start of a window of {@code window} pixels centred on {@code percent} of {@code total}, kept inside. */
  static int offset(int total, int window, int percent) {
    int centre = (int) Math.round(total * percent / 100.0);
    return Math.max(0, Math.min(total - window, centre - window / 2));
  }
}
