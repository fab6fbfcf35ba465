package dev.silo.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonBuffersTest {
  private final Json json = new Json();

  /** What {@link Json#send} hands over: the length it gives and the bytes it sends. */
  private record Sent(int length, byte[] bytes) {}

  private Sent send(Object value) throws IOException {
    List<Sent> sent = new ArrayList<>();
    json.send(value, (length, body) -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      body.sendTo(out);
      sent.add(new Sent(length, out.toByteArray()));
    });
    return sent.getFirst();
  }

  @Test
  void aReusedBufferSendsOnlyTheNextBodyWithItsOwnLength() throws IOException {
    Map<String, String> big = Map.of("text", "x".repeat(300_000));
    Map<String, String> small = Map.of("a", "b");
    Sent first = send(big);
    assertThat(first.bytes()).isEqualTo(json.write(big));
    assertThat(first.length()).isEqualTo(first.bytes().length);
    for (int i = 0; i < 20; i++) {
      Sent next = send(small);
      assertThat(next.bytes()).as("nothing of the body before").isEqualTo(json.write(small));
      assertThat(next.length()).isEqualTo(next.bytes().length);
    }
  }

  @Test
  void onlyBuffersUpToTheLimitAreKept() {
    JsonBuffers buffers = new JsonBuffers();
    JsonBuffers.Buffer grown = buffers.take();
    grown.write(new byte[JsonBuffers.KEEP_AT_MOST + 1], 0, JsonBuffers.KEEP_AT_MOST + 1);
    buffers.give(grown);
    assertThat(buffers.take()).as("a buffer grown past the limit is let go").isNotSameAs(grown);

    JsonBuffers.Buffer modest = buffers.take();
    modest.write(new byte[1000], 0, 1000);
    buffers.give(modest);
    JsonBuffers.Buffer again = buffers.take();
    assertThat(again).isSameAs(modest);
    assertThat(again.size()).as("kept empty").isZero();
  }
}
