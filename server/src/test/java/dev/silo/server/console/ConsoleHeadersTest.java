package dev.silo.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every answer under {@code /console/} — each file of the console's source tree, the redirects,
 * a 304 and a 404 — carries the Content-Security-Policy and the other headers that keep a browser
 * from trusting more than the console's own files; {@code /} sends a browser there and keeps
 * answering API clients in JSON.
 */
class ConsoleHeadersTest {
  @TempDir static Path dir;
  static TestSilo silo;
  static Api anonymous;

  @BeforeAll
  static void start() throws Exception {
    silo = TestSilo.start(dir);
    anonymous = silo.anonymous();
  }

  @AfterAll
  static void stop() throws Exception {
    silo.close();
  }

  private static void assertSecure(Api.Resp r) {
    String csp = r.header("Content-Security-Policy").orElseThrow(() -> new AssertionError("no CSP on " + r));
    assertThat(csp)
        .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'",
            "object-src 'none'", "base-uri 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
    assertThat(r.header("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.header("Referrer-Policy")).hasValue("no-referrer");
    assertThat(r.header("X-Frame-Options")).hasValue("DENY");
  }

  private static String typeOf(String name) {
    String ext = name.substring(name.lastIndexOf('.') + 1);
    return switch (ext) {
      case "html" -> "text/html; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "js" -> "text/javascript; charset=utf-8";
      case "svg" -> "image/svg+xml";
      default -> throw new AssertionError("a console file of an unexpected kind: " + name);
    };
  }

  @Test
  void everyFileOfTheConsoleIsServedWithItsTypeCacheHeadersAndCsp() throws Exception {
    Path web = ConsoleFiles.inRepo("console/src/main/web");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(web)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).hasSizeGreaterThan(10);
    for (Path f : files) {
      String name = web.relativize(f).toString().replace('\\', '/');
      Api.Resp r = anonymous.get("/console/" + name);
      assertThat(r.status()).as(name).isEqualTo(200);
      assertSecure(r);
      assertThat(r.header("Content-Type")).as(name).hasValue(typeOf(name));
      assertThat(r.header("Cache-Control")).as(name).hasValue("no-cache");
      assertThat(r.body()).as(name).isEqualTo(Files.readString(f));
      String etag = r.header("ETag").orElseThrow();
      Api.Resp again = anonymous.get("/console/" + name, "If-None-Match", etag);
      assertThat(again.status()).as(name).isEqualTo(304);
      assertSecure(again);
      assertSecure(anonymous.head("/console/" + name));
    }
  }

  @Test
  void theConsoleItselfAndItsRedirects() {
    Api.Resp index = anonymous.get("/console/");
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.header("Content-Type")).hasValue("text/html; charset=utf-8");
    assertSecure(index);

    Api.Resp bare = anonymous.get("/console");
    assertThat(bare.status()).isEqualTo(302);
    assertThat(bare.header("Location")).hasValue("/console/");
    assertSecure(bare);

    Api.Resp browser = anonymous.get("/", "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    assertThat(browser.status()).isEqualTo(302);
    assertThat(browser.header("Location")).hasValue("/console/");
    assertSecure(browser);
  }

  @Test
  void anApiClientAtTheRootStillGetsJson() {
    for (String accept : new String[] {"application/json", "*/*"}) {
      Api.Resp r = anonymous.get("/", "Accept", accept);
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.header("Content-Type")).hasValue("application/json");
      assertThat(r.errorCode()).isEqualTo("route_not_found");
    }
  }

  @Test
  void nothingElseOnTheClassPathIsReachableAndTheNotFoundIsSecureToo() {
    for (String path : List.of(
        "/console/nope.js", "/console/%2e%2e/%2e%2e/dev/silo/console/ConsoleApi.class", "/console/..%2fConsoleApi.class",
        "/console/js/../../logback.xml", "/console/Index.HTML", "/console/.hidden.js", "/console/js/app.js.map")) {
      Api.Resp r = anonymous.get(path);
      assertThat(r.status()).as(path).isIn(400, 404);
      if (r.status() == 404) {
        assertSecure(r);
        assertThat(r.header("Content-Type")).as(path).hasValue("application/json");
      }
    }
  }
}
