package dev.silo.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No image builder runs in the suite, so the Dockerfile and the compose file are read for what a
 * working container needs: libvips and libcrypto in the runtime image, every interface bound inside
 * it, and a health check that needs neither bash nor curl.
 */
class ContainerFilesTest {
  @Test
  void theRuntimeImageHasLibvipsAndLibcryptoBindsEveryInterfaceAndChecksItsOwnHealth() throws Exception {
    String dockerfile = Files.readString(DocsTest.ROOT.resolve("Dockerfile"));
    List<String> stages = List.of(dockerfile.split("(?m)^FROM "));
    String runtime = stages.getLast();
    assertThat(runtime).as("the runtime stage installs libvips").containsPattern("apt-get install[^\\n]*libvips42");
    assertThat(runtime).as("the runtime stage installs libcrypto.so.3").containsPattern("apt-get install[^\\n]*libssl3");
    assertThat(runtime).containsPattern("(?m)^ENV .*SILO_HOST=0\\.0\\.0\\.0");
    assertThat(runtime).containsPattern("(?m)^HEALTHCHECK .*\\n?.*CMD \\[\"java\",.*\"/opt/silo/silo\\.jar\", \"health\"\\]");
    assertThat(runtime).doesNotContain("/dev/tcp");
  }

  @Test
  void theComposeHealthCheckWorksWithoutBash() throws Exception {
    String compose = Files.readString(DocsTest.ROOT.resolve("docker-compose.yml"));
    String silo = compose.substring(compose.indexOf("\n  silo:"));
    String check = silo.substring(silo.indexOf("healthcheck:"));
    check = check.substring(0, check.indexOf("\n\n"));
    assertThat(check).doesNotContain("/dev/tcp").doesNotContain("bash");
    assertThat(check).containsPattern("test: \\[\"CMD\", \"java\",.*\"health\"\\]");
    assertThat(silo).contains("SILO_HOST: 0.0.0.0");
  }
}
