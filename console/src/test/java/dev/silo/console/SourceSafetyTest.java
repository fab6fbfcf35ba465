package dev.silo.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's sources never parse data as markup and hold no inline script or style (the CSP
 * would block them anyway; this says so before a browser does). The browser test proves the
 * rendering with hostile names and cells; this keeps the dangerous APIs out of the code at all.
 */
class SourceSafetyTest {
  private static final Path WEB = Path.of("src/main/web");
  private static final Pattern SINKS =
      Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function\\(|srcdoc|createContextualFragment|localStorage\\.setItem\\([^)]*token");

  private static List<Path> files(String extension) throws Exception {
    try (Stream<Path> walk = Files.walk(WEB)) {
      return walk.filter(p -> p.toString().endsWith(extension)).toList();
    }
  }

  @Test
  void noScriptTurnsTextIntoMarkup() throws Exception {
    List<Path> scripts = files(".js");
    assertThat(scripts).hasSizeGreaterThan(5);
    for (Path p : scripts) {
      assertThat(SINKS.matcher(Files.readString(p)).find()).as(p + " uses an HTML sink").isFalse();
    }
  }

  @Test
  void thePageHasNoInlineScriptOrStyleAndNoThirdPartyOrigin() throws Exception {
    for (Path p : files(".html")) {
      String html = Files.readString(p);
      assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("<style", " style=", "onclick", "onload");
      assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
    }
    for (Path p : files(".js")) {
      assertThat(Files.readString(p)).as(p.toString()).doesNotContainPattern("import [^;]*from '(https?:)?//");
    }
  }
}
