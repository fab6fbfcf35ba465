package dev.silo.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebFilesTest {
  private final WebFiles files = new WebFiles(WebFilesTest.class.getClassLoader(), ConsoleApi.ROOT);

  @Test
  void servesTheConsolesFilesWithTheirTypes() {
    assertThat(files.find("index.html")).hasValueSatisfying(f -> assertThat(f.contentType()).isEqualTo("text/html; charset=utf-8"));
    assertThat(files.find("js/app.js")).hasValueSatisfying(f -> assertThat(f.contentType()).isEqualTo("text/javascript; charset=utf-8"));
    assertThat(files.find("console.css")).hasValueSatisfying(f -> assertThat(f.contentType()).isEqualTo("text/css; charset=utf-8"));
  }

  @Test
  void theEtagFollowsTheContent() {
    String app = files.find("js/app.js").orElseThrow().etag();
    assertThat(app).startsWith("\"").endsWith("\"").isEqualTo(files.find("js/app.js").orElseThrow().etag());
    assertThat(app).isNotEqualTo(files.find("js/api.js").orElseThrow().etag());
  }

  @Test
  void nothingOutsideTheFolderNorOfAnotherKind() {
    for (String name : new String[] {
        "../ConsoleApi.class", "js/../../ConsoleApi.class", "/index.html", "js//app.js", ".hidden.js", "js/app.js.map",
        "Index.html", "index.HTML", "WebFiles.class", "..", "", "js/app.js\u0000.html", "js\\app.js", "missing.js"}) {
      assertThat(files.find(name)).as(name).isEmpty();
    }
    assertThat(files.find(null)).isEmpty();
  }
}
