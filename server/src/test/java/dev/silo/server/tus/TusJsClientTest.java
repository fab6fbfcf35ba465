package dev.silo.server.tus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.server.it.Api;
import dev.silo.server.it.TestSilo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test with a real client: tus-js-client uploads 200 MiB in 8 MiB chunks, its
 * connection is cut mid-body (it aborts the in-flight PATCH after ~80 MiB), a new client finds the
 * upload by its fingerprint and resumes it to completion; the object is byte-identical.
 */
class TusJsClientTest {
  static final long SIZE = 200L * 1024 * 1024;

  @TempDir Path dir;

  @Test
  void anInterruptedUploadResumesToAByteIdenticalObject() throws Exception {
    TusJsClient.assumeAvailable();
    Path file = dir.resolve("big.bin");
    String expected = TusJsClient.generate(file, SIZE);
    try (TestSilo silo = TestSilo.start(dir.resolve("data"))) {
      Api t = silo.tenant("tusjs");
      List<String> out =
          TusJsClient.upload(
              List.of(
                  "--endpoint", silo.url() + "/v1/tus/",
                  "--key", t.token(),
                  "--file", file.toString(),
                  "--chunk-size", Long.toString(8L * 1024 * 1024),
                  "--abort-after", Long.toString(80L * 1024 * 1024),
                  "--object-key", "big/tus.bin"),
              Duration.ofSeconds(120));
      assertResumedMidway(out);
      assertThat(TusJsClient.sha256Of(silo.url() + "/v1/objects/big/tus.bin", t.token())).isEqualTo(expected);
      assertThat(t.get("/v1/info/big/tus.bin").json().path("sha256").asText()).isEqualTo(expected);
    }
  }

  /**
   * The browser flow: the back end asks for a resumable upload with its API key, and the client
   * uploads and resumes with nothing but the signed creation URL it was handed.
   */
  @Test
  void aClientWithOnlyASignedUploadUrlUploadsAndResumes() throws Exception {
    TusJsClient.assumeAvailable();
    long size = 40L * 1024 * 1024;
    Path file = dir.resolve("signed.bin");
    String expected = TusJsClient.generate(file, size);
    try (TestSilo silo = TestSilo.start(dir.resolve("data-signed"))) {
      Api t = silo.tenant("tusjs-signed");
      Api.Resp ticket =
          t.post("/v1/uploads", "{\"filename\":\"big.bin\",\"content_type\":\"application/octet-stream\",\"size\":"
              + size + ",\"resumable\":true}");
      assertThat(ticket.status()).as(ticket.toString()).isEqualTo(201);
      List<String> out =
          TusJsClient.upload(
              List.of(
                  "--endpoint", ticket.json().path("upload_url").asText(),
                  "--file", file.toString(),
                  "--chunk-size", Long.toString(8L * 1024 * 1024),
                  "--abort-after", Long.toString(20L * 1024 * 1024)),
              Duration.ofSeconds(60));
      assertThat(out).anyMatch(l -> l.contains("\"event\":\"resuming\""));
      assertThat(out.getLast()).contains("\"event\":\"done\"");
      String key = ticket.json().path("key").asText();
      assertThat(TusJsClient.sha256Of(silo.url() + "/v1/objects/" + key, t.token())).isEqualTo(expected);
    }
  }

  /**
   * tus-js-client's parallel uploads (the concatenation extension): the file goes up as three
   * partial uploads at once, the client is cut off midway, a new client resumes each partial
   * upload from its own offset, and the final upload makes them one byte-identical object; no
   * partial upload is left, and only the object's bytes count against the quota.
   */
  @Test
  void parallelUploadsResumeAndAreJoinedIntoOneObject() throws Exception {
    TusJsClient.assumeAvailable();
    long size = 60L * 1024 * 1024;
    Path file = dir.resolve("parallel.bin");
    String expected = TusJsClient.generate(file, size);
    try (TestSilo silo = TestSilo.start(dir.resolve("data-parallel"))) {
      Api t = silo.tenant("tusjs-parallel");
      List<String> out =
          TusJsClient.upload(
              List.of(
                  "--endpoint", silo.url() + "/v1/tus/",
                  "--key", t.token(),
                  "--file", file.toString(),
                  "--chunk-size", Long.toString(4L * 1024 * 1024),
                  "--parallel", "3",
                  "--abort-after", Long.toString(30L * 1024 * 1024),
                  "--object-key", "big/parallel.bin"),
              Duration.ofSeconds(120));
      String resuming = out.stream().filter(l -> l.contains("\"event\":\"resuming\"")).findFirst().orElseThrow();
      assertThat(resuming).contains("\"partials\":3");
      long offset = Long.parseLong(resuming.replaceAll(".*\"offset\":(\\d+).*", "$1"));
      assertThat(offset).as("the partial uploads held bytes when the client was cut off").isGreaterThan(0).isLessThan(size);
      assertThat(out.getLast()).contains("\"event\":\"done\"");
      assertThat(TusJsClient.sha256Of(silo.url() + "/v1/objects/big/parallel.bin", t.token())).isEqualTo(expected);
      assertThat(t.get("/v1/objects").json().path("items")).as("the object, and no partial upload").hasSize(1);
      var usage = t.get("/v1/tenant").json().path("usage");
      assertThat(usage.path("bytes").asLong()).isEqualTo(size);
      assertThat(usage.path("pending_bytes").asLong()).isZero();
    }
  }

  /** The browser flow in parallel: the partial and final uploads go with nothing but the signed creation URL. */
  @Test
  void parallelUploadsWithOnlyASignedUploadUrl() throws Exception {
    TusJsClient.assumeAvailable();
    long size = 30L * 1024 * 1024;
    Path file = dir.resolve("signed-parallel.bin");
    String expected = TusJsClient.generate(file, size);
    try (TestSilo silo = TestSilo.start(dir.resolve("data-signed-parallel"))) {
      Api t = silo.tenant("tusjs-signed-parallel");
      Api.Resp ticket =
          t.post("/v1/uploads", "{\"filename\":\"big.bin\",\"content_type\":\"application/octet-stream\",\"size\":"
              + size + ",\"resumable\":true}");
      List<String> out =
          TusJsClient.upload(
              List.of(
                  "--endpoint", ticket.json().path("upload_url").asText(),
                  "--file", file.toString(),
                  "--chunk-size", Long.toString(4L * 1024 * 1024),
                  "--parallel", "2",
                  "--abort-after", Long.toString(12L * 1024 * 1024)),
              Duration.ofSeconds(60));
      assertThat(out).anyMatch(l -> l.contains("\"event\":\"resuming\"") && l.contains("\"partials\":2"));
      assertThat(out.getLast()).contains("\"event\":\"done\"");
      String key = ticket.json().path("key").asText();
      assertThat(TusJsClient.sha256Of(silo.url() + "/v1/objects/" + key, t.token())).isEqualTo(expected);
      assertThat(t.get("/v1/tenant").json().path("usage").path("pending_bytes").asLong()).isZero();
    }
  }

  static void assertResumedMidway(List<String> out) {
    assertThat(out).anyMatch(l -> l.contains("\"event\":\"aborted\""));
    String resuming = out.stream().filter(l -> l.contains("\"event\":\"resuming\"")).findFirst().orElseThrow();
    long offset = Long.parseLong(resuming.replaceAll(".*\"offset\":(\\d+).*", "$1"));
    assertThat(offset).as("resumed from a committed offset mid-file").isGreaterThan(0).isLessThan(SIZE);
    assertThat(offset % (8L * 1024 * 1024)).as("committed offsets are whole chunks").isZero();
    assertThat(out.getLast()).contains("\"event\":\"done\"");
  }
}
