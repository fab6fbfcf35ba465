package dev.silo.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.content.ImageEngine;
import dev.silo.core.content.ImageFormat;
import dev.silo.core.content.Transform;
import dev.silo.core.error.UnsupportedMediaTypeException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both engines on images generated here; libvips must load on this machine (CI installs it). */
class EnginesTest {
  static final ImageEngine VIPS = LibvipsEngine.load().orElseThrow(() -> new AssertionError("libvips42 is not installed"));
  static final ImageEngine JAVA = new ImageIoEngine();

  static byte[] image(int w, int h, String format) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.BLUE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.RED);
    g.fillRect(0, 0, w / 4, h / 4); // a red top-left corner, to see where a crop was taken
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    return out.toByteArray();
  }

  static BufferedImage read(byte[] b) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(b));
  }

  static Transform t(String... kv) {
    var m = new java.util.HashMap<String, String>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return Transform.parse(Map.copyOf(m));
  }

  @Test
  void libvipsWritesAllFourFormats() {
    assertThat(VIPS.name()).startsWith("libvips-8.");
    assertThat(VIPS.outputs()).containsExactlyInAnyOrder(ImageFormat.values());
  }

  @Test
  void resizesWithBothEngines() throws Exception {
    byte[] jpeg = image(800, 600, "jpeg");
    for (ImageEngine e : new ImageEngine[] {VIPS, JAVA}) {
      var size = e.probe(jpeg).orElseThrow();
      assertThat(size).isEqualTo(new ImageEngine.Dimensions(800, 600));
      BufferedImage w = read(e.transform(jpeg, size, t("width", "400"), ImageFormat.PNG));
      assertThat(w.getWidth()).as(e.name()).isEqualTo(400);
      assertThat(w.getHeight()).as(e.name()).isEqualTo(300);
      BufferedImage h = read(e.transform(jpeg, size, t("height", "150"), ImageFormat.JPEG));
      assertThat(h.getWidth()).as(e.name()).isEqualTo(200);
      BufferedImage contain = read(e.transform(jpeg, size, t("width", "200", "height", "200"), ImageFormat.JPEG));
      assertThat(contain.getWidth()).as(e.name()).isEqualTo(200);
      assertThat(contain.getHeight()).as(e.name()).isEqualTo(150);
      BufferedImage cover = read(e.transform(jpeg, size, t("width", "200", "height", "200", "fit", "cover"), ImageFormat.PNG));
      assertThat(cover.getWidth()).as(e.name()).isEqualTo(200);
      assertThat(cover.getHeight()).as(e.name()).isEqualTo(200);
      // focal 0,0: the crop keeps the red top-left corner; centred it does not
      BufferedImage focal =
          read(e.transform(jpeg, size, t("width", "100", "height", "300", "fit", "cover", "focal", "0,0"), ImageFormat.PNG));
      assertThat(focal.getWidth()).as(e.name()).isEqualTo(100);
      assertThat(focal.getHeight()).as(e.name()).isEqualTo(300);
      assertThat(new Color(focal.getRGB(5, 5)).getRed()).as(e.name()).isGreaterThan(200);
      assertThat(new Color(cover.getRGB(100, 100)).getBlue()).as(e.name()).isGreaterThan(200);
    }
  }

  @Test
  void webpAndAvifHaveTheirMagic() throws Exception {
    byte[] png = image(640, 480, "png");
    var size = VIPS.probe(png).orElseThrow();
    byte[] webp = VIPS.transform(png, size, t("width", "320", "quality", "70"), ImageFormat.WEBP);
    assertThat(new String(webp, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(new String(webp, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
    assertThat(VIPS.probe(webp).orElseThrow()).isEqualTo(new ImageEngine.Dimensions(320, 240));
    byte[] avif = VIPS.transform(png, size, t("width", "64"), ImageFormat.AVIF);
    assertThat(new String(Arrays.copyOfRange(avif, 4, 12), StandardCharsets.US_ASCII)).isEqualTo("ftypavif");
    assertThat(JAVA.outputs()).doesNotContain(ImageFormat.WEBP, ImageFormat.AVIF);
  }

  @Test
  void garbageIsNotAnImage() {
    byte[] csv = "date,value\n2024-01-01,1\n".getBytes(StandardCharsets.UTF_8);
    assertThat(VIPS.probe(csv)).isEmpty();
    assertThat(JAVA.probe(csv)).isEmpty();
    assertThatThrownBy(() -> VIPS.transform(csv, new ImageEngine.Dimensions(10, 10), t("width", "5"), ImageFormat.PNG))
        .isInstanceOf(UnsupportedMediaTypeException.class);
  }

  @Test
  void cacheIsBoundedAndEvictsTheLeastRecentlyUsed(@TempDir Path dir) throws Exception {
    DiskTransformCache cache = new DiskTransformCache(dir, 10_000, Clock.systemUTC());
    String a = "a".repeat(64);
    cache.put(a, new byte[2000]);
    assertThat(cache.get(a)).isPresent();
    for (int i = 0; i < 10; i++) {
      cache.put(String.format("%064x", i + 1), new byte[2000]);
    }
    assertThat(cache.size()).isLessThanOrEqualTo(10_000);
    try (var files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum()).isLessThanOrEqualTo(10_000);
    }
    assertThat(cache.get(String.format("%064x", 10)).orElseThrow().length()).isEqualTo(2000);
  }
}
