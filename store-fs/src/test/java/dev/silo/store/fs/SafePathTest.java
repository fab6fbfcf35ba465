package dev.silo.store.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Feeds the guard the strings the domain records would never let through, to prove it holds on
 * its own.
 */
class SafePathTest {
  private static final String NAME = "babcdefghijklmnopqrstuvwxyz";

  private final Path root = Path.of("/srv/silo/blobs");
  private final SafePath paths = new SafePath(root);

  @Test
  void bucketModeLayout() {
    assertThat(paths.blob("acme-blobs", "", NAME))
        .isEqualTo(root.resolve("acme-blobs/ab/" + NAME));
    assertThat(paths.space("acme-blobs", "")).isEqualTo(root.resolve("acme-blobs"));
  }

  @Test
  void prefixModeLayout() {
    assertThat(paths.blob("shared", "tenants/t1/", NAME))
        .isEqualTo(root.resolve("shared/tenants/t1/ab/" + NAME));
    assertThat(paths.space("shared", "tenants/t1/")).isEqualTo(root.resolve("shared/tenants/t1"));
  }

  @Test
  void rootIsNormalized() {
    SafePath relative = new SafePath(Path.of("data/../data/./blobs"));

    assertThat(relative.root()).isAbsolute().isEqualTo(Path.of("data/blobs").toAbsolutePath());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", ".", "..", "../etc", "a/b", "/etc", "a\\..\\b", "c:", "a\0b", "a\nb"})
  void refusesUnsafeContainers(String container) {
    assertThatThrownBy(() -> paths.container(container))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> paths.blob(container, "", NAME))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../",
        "../../",
        "./",
        "/",
        "/etc/",
        "tenants/../../",
        "tenants/..",
        "tenants/../",
        "tenants//",
        "tenants/abc",
        "tenants/\0/"
      })
  void refusesUnsafePrefixes(String prefix) {
    assertThatThrownBy(() -> paths.space("shared", prefix))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> paths.blob("shared", prefix, NAME))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "..",
        "ab",
        "../../../etc/passwd",
        "b/../../x",
        "b..",
        "b..x",
        "b.",
        "/etc/passwd",
        "b\\..\\..\\x"
      })
  void refusesUnsafeBlobNames(String name) {
    assertThatThrownBy(() -> paths.blob("shared", "tenants/t1/", name))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesNulls() {
    assertThatThrownBy(() -> paths.blob(null, "", NAME)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> paths.blob("shared", null, NAME))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> paths.blob("shared", "", null))
        .isInstanceOf(NullPointerException.class);
  }
}
