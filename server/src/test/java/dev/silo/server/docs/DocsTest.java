package dev.silo.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and docs/ stay true to the repository: every relative link resolves (file and
 * anchor), every table renders whole, the configuration table lists exactly the settings the code
 * reads, and nothing points at a file a reader of the repository does not have.
 */
class DocsTest {
  static final Path ROOT = root();
  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern VARIABLE = Pattern.compile("SILO_[A-Z0-9_]*[A-Z0-9]");
  /** A setting in code: a string literal, or picocli's ${env:…} default. */
  private static final Pattern IN_CODE = Pattern.compile("(?:\"|env:)(SILO_[A-Z0-9_]*[A-Z0-9])");
  /** Modules whose main code reads settings of the product (bench and testkit read their own). */
  private static final List<String> PRODUCT_MODULES =
      List.of("core", "store-fs", "store-s3", "metadata-jdbc", "cache-redis", "identity", "image", "http",
          "api-rest", "api-s3", "api-tus", "console", "server");

  private static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("mvnw"))) {
      p = p.getParent();
    }
    return p;
  }

  static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** The lines of a page outside fenced code blocks (links and tables inside code are text). */
  static List<String> prose(Path page) throws IOException {
    List<String> out = new ArrayList<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(page)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        out.add("");
        continue;
      }
      out.add(fenced ? "" : line);
    }
    return out;
  }

  /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
  static String anchor(String heading) {
    return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }

  static Set<String> anchors(Path page) {
    try {
      Set<String> out = new TreeSet<>();
      for (String line : prose(page)) {
        if (line.startsWith("#")) {
          out.add(anchor(line.replaceFirst("^#+", "")));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyRelativeLinkResolvesToAFileAndAnAnchor() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path page : pages()) {
      List<String> lines = prose(page);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = LINK.matcher(lines.get(i));
        while (m.find()) {
          String target = m.group(1);
          if (target.matches("^[a-z]+:.*")) {
            continue; // http(s), mailto: checked by no one here
          }
          String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
          String fragment = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
          Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
          String where = ROOT.relativize(page) + ":" + (i + 1) + " -> " + target;
          if (!Files.exists(resolved)) {
            broken.add(where + " (no such file)");
          } else if (fragment != null && resolved.toString().endsWith(".md") && !anchors(resolved).contains(fragment)) {
            broken.add(where + " (no such heading; there are " + anchors(resolved) + ")");
          }
        }
      }
    }
    assertThat(broken).as("broken links").isEmpty();
  }

  @Test
  void everyDocsPageIsListedInTheDocsOverview() throws IOException {
    String overview = Files.readString(ROOT.resolve("docs/README.md"));
    List<String> missing = new ArrayList<>();
    for (Path page : pages()) {
      String name = page.getFileName().toString();
      if (page.getParent().endsWith("docs") && !name.equals("README.md") && !overview.contains("(" + name + ")")) {
        missing.add(name);
      }
    }
    assertThat(missing).as("docs pages not linked from docs/README.md (add a line under 'More pages')").isEmpty();
  }

  @Test
  void tablesAreNotSplitByBlankLines() throws IOException {
    List<String> split = new ArrayList<>();
    for (Path page : pages()) {
      List<String> lines = prose(page);
      for (int i = 1; i < lines.size(); i++) {
        boolean startsTable = lines.get(i).startsWith("|") && !lines.get(i - 1).startsWith("|");
        if (startsTable && (i + 1 >= lines.size() || !lines.get(i + 1).matches("^\\|\\s*:?-{3,}.*"))) {
          split.add(ROOT.relativize(page) + ":" + (i + 1) + ": a table row with no header above it: " + lines.get(i));
        }
      }
    }
    assertThat(split).isEmpty();
  }

  @Test
  void theConfigurationTableListsExactlyTheSettingsTheCodeReads() throws IOException {
    Set<String> documented = new TreeSet<>();
    for (String line : prose(ROOT.resolve("docs/configuration.md"))) {
      if (line.startsWith("| `SILO_")) {
        Matcher m = VARIABLE.matcher(line.split("\\|")[1]);
        while (m.find()) {
          documented.add(m.group());
        }
      }
    }
    Set<String> read = new TreeSet<>();
    for (String module : PRODUCT_MODULES) {
      Path main = ROOT.resolve(module).resolve("src/main");
      if (!Files.isDirectory(main)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(main)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          Matcher m = IN_CODE.matcher(Files.readString(f));
          while (m.find()) {
            read.add(m.group(1));
          }
        }
      }
    }
    // the launcher's own settings
    Matcher m = Pattern.compile("\\$\\{?(SILO_[A-Z0-9_]+)").matcher(Files.readString(ROOT.resolve("silo")));
    while (m.find()) {
      if (!m.group(1).equals("SILO_HOME")) {
        read.add(m.group(1));
      }
    }
    read.removeIf(v -> v.startsWith("SILO_TEST_"));
    assertThat(read).as("settings read by the code").isNotEmpty().contains("SILO_PORT", "SILO_CDS");
    Set<String> undocumented = new TreeSet<>(read);
    undocumented.removeAll(documented);
    Set<String> unread = new TreeSet<>(documented);
    unread.removeAll(read);
    assertThat(undocumented).as("read by the code but missing from the table in docs/configuration.md").isEmpty();
    assertThat(unread).as("in the table of docs/configuration.md but read nowhere in the code").isEmpty();
  }

  @Test
  void theReadmeIsAFrontPageThatNeedsNothingOutsideTheRepository() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertThat(readme.length()).as("README.md size").isLessThan(12_000);
    for (Path page : pages()) {
      String text = Files.readString(page);
      assertThat(text).as(page.toString()).doesNotContain("PRODUCT.md").doesNotContainPattern("(?i)\\bseeds?\\b[ ']");
    }
  }
}
