package dev.silo.server.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image transforms through the real server (libvips): formats, sizes, 422s naming the parameter,
 * 415, the pixel limit, ETag/304, the on-disk cache, public/private switching, signed URLs and
 * tenant isolation.
 */
class ImageTransformApiTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static Api acme;
  static Api globex;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir.resolve("data"), Map.of("SILO_IMAGE_MAX_PIXELS", "2000000", "SILO_IMAGE_ENGINE", "libvips"));
    acme = silo.tenant("acme");
    globex = silo.tenant("globex");
    assertThat(acme.put("/v1/objects/photos/cat.jpg", image(1200, 900, "jpeg"), "Content-Type", "image/jpeg").status()).isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  static byte[] image(int w, int h, String format) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.DARK_GRAY);
    g.fillOval(w / 4, h / 4, w / 2, h / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    return out.toByteArray();
  }

  static BufferedImage decode(HttpResponse<byte[]> r) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(r.body()));
  }

  HttpResponse<byte[]> get(Api as, String pathAndQuery, String... headers) {
    return Http.get(silo.url() + pathAndQuery, as == null ? null : as.token(), headers);
  }

  @Test
  void resizesAndConvertsToEveryFormat() throws Exception {
    HttpResponse<byte[]> png = get(acme, "/v1/objects/photos/cat.jpg?width=300&format=png");
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(Http.header(png, "Content-Type")).isEqualTo("image/png");
    BufferedImage p = decode(png);
    assertThat(p.getWidth()).isEqualTo(300);
    assertThat(p.getHeight()).isEqualTo(225);

    HttpResponse<byte[]> jpeg = get(acme, "/v1/objects/photos/cat.jpg?width=200&height=200&fit=cover&quality=60");
    assertThat(Http.header(jpeg, "Content-Type")).isEqualTo("image/jpeg");
    BufferedImage j = decode(jpeg);
    assertThat(j.getWidth()).isEqualTo(200);
    assertThat(j.getHeight()).isEqualTo(200);

    BufferedImage focal = decode(get(acme, "/v1/objects/photos/cat.jpg?width=100&height=400&fit=cover&focal=10,50&format=png"));
    assertThat(focal.getWidth()).isEqualTo(100);
    assertThat(focal.getHeight()).isEqualTo(400);

    BufferedImage contain = decode(get(acme, "/v1/objects/photos/cat.jpg?width=200&height=200&fit=contain&format=jpeg"));
    assertThat(contain.getWidth()).isEqualTo(200);
    assertThat(contain.getHeight()).isEqualTo(150);

    HttpResponse<byte[]> webp = get(acme, "/v1/objects/photos/cat.jpg?width=400&format=webp");
    assertThat(webp.statusCode()).isEqualTo(200);
    assertThat(Http.header(webp, "Content-Type")).isEqualTo("image/webp");
    assertThat(new String(webp.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(new String(webp.body(), 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");

    HttpResponse<byte[]> avif = get(acme, "/v1/objects/photos/cat.jpg?width=96&format=avif");
    assertThat(avif.statusCode()).isEqualTo(200);
    assertThat(Http.header(avif, "Content-Type")).isEqualTo("image/avif");
    assertThat(new String(Arrays.copyOfRange(avif.body(), 4, 12), StandardCharsets.US_ASCII)).isEqualTo("ftypavif");

    HttpResponse<byte[]> head = Http.send("HEAD", silo.url() + "/v1/objects/photos/cat.jpg?width=300&format=png", acme.token());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(Http.header(head, "ETag")).isEqualTo(Http.header(png, "ETag"));
  }

  @Test
  void invalidParametersAre422NamingTheParameter() {
    String[][] cases = {
      {"width=0", "width"}, {"width=4097", "width"}, {"width=abc", "width"}, {"height=-5", "height"},
      {"quality=0", "quality"}, {"quality=101", "quality"}, {"format=gif", "format"}, {"fit=stretch", "fit"},
      {"focal=50", "focal"}, {"focal=101,5", "focal"}, {"focal=a,b", "focal"}
    };
    for (String[] c : cases) {
      Api.Resp r = acme.get("/v1/objects/photos/cat.jpg?" + c[0]);
      assertThat(r.status()).as(c[0]).isEqualTo(422);
      assertThat(r.errorCode()).as(c[0]).isEqualTo("invalid_transform");
      assertThat(r.json().path("error").path("message").asText()).as(c[0]).startsWith(c[1]);
    }
  }

  @Test
  void aNonImageIs415AndABigImageIs422BeforeDecoding() throws Exception {
    acme.put("/v1/objects/data/sales.csv", "date,value\n2024-01-01,1\n", "Content-Type", "text/csv");
    Api.Resp csv = acme.get("/v1/objects/data/sales.csv?width=100");
    assertThat(csv.status()).isEqualTo(415);
    // an image/png that is not one: libvips cannot read its header
    acme.put("/v1/objects/photos/fake.png", "not really a png", "Content-Type", "image/png");
    assertThat(acme.get("/v1/objects/photos/fake.png?width=100").status()).isEqualTo(415);
    // 2000 × 1500 = 3 MP over the 2 MP limit of this server: refused from the header
    acme.put("/v1/objects/photos/huge.png", image(2000, 1500, "png"), "Content-Type", "image/png");
    Api.Resp huge = acme.get("/v1/objects/photos/huge.png?width=100");
    assertThat(huge.status()).isEqualTo(422);
    assertThat(huge.json().path("error").path("message").asText()).contains("2000x1500");
    // the original is still served
    assertThat(acme.get("/v1/objects/photos/huge.png").status()).isEqualTo(200);
  }

  @Test
  void etagAnd304AndTheDiskCache() throws Exception {
    HttpResponse<byte[]> first = get(acme, "/v1/objects/photos/cat.jpg?width=222&format=webp");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(Http.header(first, "X-Silo-Transform-Cache")).isEqualTo("miss");
    assertThat(Http.header(first, "Cache-Control")).startsWith("private");
    String etag = Http.header(first, "ETag");
    assertThat(etag).isNotBlank().isNotEqualTo(Http.header(get(acme, "/v1/objects/photos/cat.jpg"), "ETag"));
    try (var files = Files.walk(silo.dataDir().resolve("cache").resolve("transforms"))) {
      assertThat(files.filter(Files::isRegularFile).count()).isGreaterThanOrEqualTo(1);
    }

    HttpResponse<byte[]> second = get(acme, "/v1/objects/photos/cat.jpg?format=webp&width=222");
    assertThat(Http.header(second, "X-Silo-Transform-Cache")).isEqualTo("hit");
    assertThat(Http.header(second, "ETag")).isEqualTo(etag);
    assertThat(second.body()).isEqualTo(first.body());

    HttpResponse<byte[]> notModified = get(acme, "/v1/objects/photos/cat.jpg?width=222&format=webp", "If-None-Match", etag);
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertThat(Http.header(notModified, "ETag")).isEqualTo(etag);

    // another parameter set is another ETag
    assertThat(Http.header(get(acme, "/v1/objects/photos/cat.jpg?width=223&format=webp"), "ETag")).isNotEqualTo(etag);
  }

  @Test
  void publicTransformsAreImmutableAndPrivateAgainAtOnce() throws Exception {
    acme.put("/v1/objects/photos/dog.jpg", image(800, 600, "jpeg"), "Content-Type", "image/jpeg");
    String url = "/v1/public/acme/photos/dog.jpg?width=120&format=webp";
    assertThat(get(null, url).statusCode()).isEqualTo(404);

    assertThat(acme.patch("/v1/info/photos/dog.jpg", "{\"acl\":\"public\"}").status()).isEqualTo(200);
    HttpResponse<byte[]> pub = get(null, url);
    assertThat(pub.statusCode()).isEqualTo(200);
    assertThat(Http.header(pub, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
    assertThat(Http.header(get(null, url), "X-Silo-Transform-Cache")).isEqualTo("hit");
    assertThat(get(null, "/v1/public/acme/photos/dog.jpg").statusCode()).isEqualTo(200);

    assertThat(acme.patch("/v1/info/photos/dog.jpg", "{\"acl\":\"private\"}").status()).isEqualTo(200);
    assertThat(get(null, url).statusCode()).isEqualTo(404); // cached, yet not served
    assertThat(get(null, url, "If-None-Match", Http.header(pub, "ETag")).statusCode()).isEqualTo(404);
    assertThat(get(null, "/v1/public/acme/photos/dog.jpg").statusCode()).isEqualTo(404);
    // the owner still gets it, privately
    HttpResponse<byte[]> own = get(acme, "/v1/objects/photos/dog.jpg?width=120&format=webp");
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(Http.header(own, "Cache-Control")).startsWith("private");
  }

  @Test
  void signedUrlsTakeTransformParameters() throws Exception {
    Api.Resp signed = acme.post("/v1/sign/photos/cat.jpg", "{\"ttl_seconds\":600}");
    assertThat(signed.status()).isEqualTo(200);
    String url = signed.json().get("url").asText();
    HttpResponse<byte[]> r = Http.get(url + "&width=150&format=png", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(decode(r).getWidth()).isEqualTo(150);
    HttpResponse<byte[]> bad = Http.get(url + "&width=0", null);
    assertThat(bad.statusCode()).isEqualTo(422);
    String forged = url.replaceAll("token=([^&]*)", "token=$1x");
    assertThat(Http.get(forged + "&width=150", null).statusCode()).isEqualTo(403);
  }

  @Test
  void anotherTenantsImageIs404() {
    assertThat(globex.get("/v1/objects/photos/cat.jpg?width=100&format=webp").status()).isEqualTo(404);
    assertThat(globex.get("/v1/objects/photos/cat.jpg?width=0").status()).isIn(404, 422);
    assertThat(silo.anonymous().get("/v1/public/acme/photos/cat.jpg?width=100").status()).isEqualTo(404);
    assertThat(silo.anonymous().get("/v1/objects/photos/cat.jpg?width=100").status()).isEqualTo(401);
  }
}
