package dev.silo.api.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silo.core.error.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Form data read part by part, however the body arrives: a byte at a time, or in chunks that split the delimiter. */
class FormDataReaderTest {
  private static final String TYPE = "multipart/form-data; boundary=----b0und4ry";

  /** A stream that hands out at most {@code step} bytes a read. */
  private static InputStream trickle(byte[] body, int step) {
    return new FilterInputStream(new ByteArrayInputStream(body)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, step));
      }
    };
  }

  private static byte[] body(byte[] file) {
    String head = "preamble to ignore\r\n------b0und4ry\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nuploads/${filename}\r\n"
        + "------b0und4ry\r\nContent-Disposition: form-data; name=\"Policy\"\r\n\r\nabc\r\n"
        + "------b0und4ry\r\nContent-Disposition: form-data; name=\"file\"; filename=\"café.bin\"\r\nContent-Type: image/png\r\n\r\n";
    String tail = "\r\n------b0und4ry\r\nContent-Disposition: form-data; name=\"after\"\r\n\r\nignored\r\n------b0und4ry--\r\n";
    byte[] h = head.getBytes(StandardCharsets.UTF_8);
    byte[] t = tail.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[h.length + file.length + t.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(file, 0, all, h.length, file.length);
    System.arraycopy(t, 0, all, h.length + file.length, t.length);
    return all;
  }

  private static List<String> read(InputStream in, byte[] fileOut[]) throws IOException {
    FormDataReader r = FormDataReader.of(in, TYPE);
    List<String> seen = new ArrayList<>();
    for (FormDataReader.Part p = r.next(); p != null; p = r.next()) {
      byte[] content = p.content().readAllBytes();
      if (p.name().equals("file")) {
        fileOut[0] = content;
        seen.add("file " + p.filename().orElseThrow() + " " + p.headers().get("content-type"));
      } else {
        seen.add(p.name() + "=" + new String(content, StandardCharsets.UTF_8));
      }
    }
    return seen;
  }

  @Test
  void partsComeOutWholeHoweverTheBodyIsSplit() throws Exception {
    // a file full of near-delimiters: CRLF, dashes, the boundary without its CRLF or cut short
    byte[] file = ("\r\n--\r\n------b0und4r\r\n-----b0und4ry ------b0und4ry" + "x".repeat(70_000) + "\r\n------b0und4").getBytes(StandardCharsets.US_ASCII);
    byte[] random = new byte[200_000];
    new Random(1).nextBytes(random);
    for (byte[] f : List.of(file, random, new byte[0])) {
      for (int step : new int[] {1, 2, 7, 41, 4096, 1 << 20}) {
        if (step < 41 && f.length > 100_000) {
          continue; // a byte at a time through 200 KB proves nothing more than through 70 KB
        }
        byte[][] got = new byte[1][];
        assertThat(read(trickle(body(f), step), got))
            .as("step " + step)
            .containsExactly("key=uploads/${filename}", "policy=abc", "file café.bin image/png", "after=ignored");
        assertThat(got[0]).as("step " + step).isEqualTo(f);
      }
    }
  }

  @Test
  void aBodyThatEndsBeforeItsClosingBoundaryFails() throws Exception {
    byte[] whole = body("content".getBytes(StandardCharsets.US_ASCII));
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 60);
    assertThatThrownBy(() -> read(new ByteArrayInputStream(cut), new byte[1][]))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void theBoundaryComesFromTheContentType() {
    assertThat(FormDataReader.boundary("multipart/form-data; boundary=\"quoted b\"")).isEqualTo("quoted b");
    assertThat(FormDataReader.boundary("Multipart/Form-Data;boundary=abc")).isEqualTo("abc");
    assertThat(FormDataReader.boundary("multipart/mixed; boundary=abc")).isNull();
    assertThat(FormDataReader.boundary("multipart/form-data")).isNull();
    assertThatThrownBy(() -> FormDataReader.of(new ByteArrayInputStream(new byte[0]), "text/plain")).isInstanceOf(InvalidInputException.class);
  }
}
