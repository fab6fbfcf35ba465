package dev.silo.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Assertions shared by the integration tests. */
final class Checks {
  private Checks() {}

  /**
   * The error model of PRODUCT.md: the status, a JSON body {@code {"error":{code,message,request_id}}}
   * whose request id is the response's X-Request-Id, and nothing that looks like a stack trace.
   */
  static JsonNode assertError(Api.Resp r, int status, String code) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(status);
    String requestId = r.header("X-Request-Id").orElse(null);
    assertThat(requestId).as("X-Request-Id of %s", r).isNotBlank();
    assertThat(r.header("Content-Type").orElse("")).startsWith("application/json");
    JsonNode body = r.json();
    assertThat(body.size()).as("top-level fields of %s", r.body()).isEqualTo(1);
    JsonNode error = body.path("error");
    assertThat(error.isObject()).as("error object in %s", r.body()).isTrue();
    assertThat(error.path("code").isTextual()).isTrue();
    assertThat(error.path("message").isTextual()).isTrue();
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(error.path("request_id").asText()).isEqualTo(requestId);
    if (code != null) {
      assertThat(error.path("code").asText()).as("error code of %s", r.body()).isEqualTo(code);
    }
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.silo").doesNotContain("\tat ");
    return error;
  }

  /** Regular files under a directory (none if it does not exist). */
  static List<Path> regularFiles(Path dir) {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits up to a few seconds for the directory to hold no regular files; returns what is left. */
  static List<Path> awaitNoFiles(Path dir) throws InterruptedException {
    return awaitFiles(dir, 0);
  }

  /** Waits up to a few seconds for the directory to hold {@code n} regular files; returns them. */
  static List<Path> awaitFiles(Path dir, int n) throws InterruptedException {
    List<Path> left = regularFiles(dir);
    for (int i = 0; i < 50 && left.size() != n; i++) {
      Thread.sleep(100);
      left = regularFiles(dir);
    }
    return left;
  }

  /** The token query parameter of a signed URL. */
  static String tokenOf(String url) {
    int at = url.indexOf("token=");
    assertThat(at).as("token in %s", url).isPositive();
    int end = url.indexOf('&', at);
    return url.substring(at + 6, end < 0 ? url.length() : end);
  }
}
