package dev.silo.image;

import dev.silo.core.content.ImageEngine;
import dev.silo.core.content.ImageFormat;
import dev.silo.core.content.Transform;
import dev.silo.core.error.UnsupportedMediaTypeException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * The pure-Java fallback for machines without libvips: JPEG and PNG out (the JDK has no WebP or
 * AVIF encoder, so those are a 422 naming the format), with ImageIO's subsampled decode standing
 * in for shrink-on-load. Several times slower than libvips; the bench measures both.
 */
public final class ImageIoEngine implements ImageEngine {
  @Override
  public String name() {
    return "imageio";
  }

  @Override
  public Set<ImageFormat> outputs() {
    return Set.of(ImageFormat.JPEG, ImageFormat.PNG);
  }

  @Override
  public Optional<Dimensions> probe(byte[] source) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(source))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return Optional.empty();
      }
      ImageReader r = readers.next();
      try {
        r.setInput(in, true, true);
        return Optional.of(new Dimensions(r.getWidth(0), r.getHeight(0)));
      } finally {
        r.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public byte[] transform(byte[] source, Dimensions size, Transform t, ImageFormat target) {
    Geometry g = Geometry.of(size, t);
    double scale = Math.min((double) g.boxWidth() / size.width(), (double) g.boxHeight() / size.height());
    if (g.centreCrop()) {
      scale = Math.max((double) g.boxWidth() / size.width(), (double) g.boxHeight() / size.height());
    }
    if (!g.enlarge()) {
      scale = Math.min(scale, 1.0);
    }
    BufferedImage src = decode(source, scale);
    int w = Math.max(1, (int) Math.round(size.width() * scale));
    int h = Math.max(1, (int) Math.round(size.height() * scale));
    BufferedImage scaled = draw(src, w, h, target);
    if (g.centreCrop() || g.focal() != null) {
      int cw = Math.min(g.width(), w);
      int ch = Math.min(g.height(), h);
      int fx = g.focal() == null ? 50 : g.focal().x();
      int fy = g.focal() == null ? 50 : g.focal().y();
      scaled = scaled.getSubimage(Geometry.offset(w, cw, fx), Geometry.offset(h, ch, fy), cw, ch);
    }
    return encode(scaled, target, t.quality());
  }

  /** Decodes with source subsampling down to about twice the target, which is where ImageIO saves time. */
  private static BufferedImage decode(byte[] source, double scale) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(source))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw notAnImage();
      }
      ImageReader r = readers.next();
      try {
        r.setInput(in, true, true);
        ImageReadParam p = r.getDefaultReadParam();
        int sub = (int) Math.max(1, Math.floor(1 / (scale * 2)));
        p.setSourceSubsampling(sub, sub, 0, 0);
        BufferedImage img = r.read(0, p);
        if (img == null) {
          throw notAnImage();
        }
        return img;
      } finally {
        r.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof UnsupportedMediaTypeException u) {
        throw u;
      }
      throw notAnImage();
    }
  }

  private static BufferedImage draw(BufferedImage src, int w, int h, ImageFormat target) {
    int type = target == ImageFormat.PNG && src.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
    BufferedImage out = new BufferedImage(w, h, type);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(src, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static byte[] encode(BufferedImage img, ImageFormat target, Integer quality) {
    String formatName = target == ImageFormat.JPEG ? "jpeg" : "png";
    ImageWriter writer = ImageIO.getImageWritersByFormatName(formatName).next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam p = writer.getDefaultWriteParam();
      if (target == ImageFormat.JPEG) {
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality((quality == null ? 82 : quality) / 100f);
      }
      writer.write(null, new IIOImage(img, null, null), p);
    } catch (IOException e) {
      throw new IllegalStateException("encoding failed", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static UnsupportedMediaTypeException notAnImage() {
    return new UnsupportedMediaTypeException("not_an_image", "the image could not be decoded");
  }
}
