package dev.silo.server.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends one HTTP/1.1 request with a big body the way a robust client does: the body is written on
 * one thread while the answer is read on another, so a server that refuses the body before reading
 * it (answers, then closes) is heard. The JDK's client fails such an exchange with a broken pipe
 * or an empty response, depending on timing, which made hostile-input tests flaky. Plain HTTP only.
 */
final class EarlyAnswerClient {
  private EarlyAnswerClient() {}

  static Api.Resp send(URI uri, String method, byte[] body, List<Map.Entry<String, String>> headers) {
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(60_000);
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
      if (uri.getRawQuery() != null) {
        head.append('?').append(uri.getRawQuery());
      }
      head.append(" HTTP/1.1\r\nHost: ").append(uri.getAuthority()).append("\r\nConnection: close\r\n");
      head.append("Content-Length: ").append(body.length).append("\r\n");
      for (Map.Entry<String, String> h : headers) {
        head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      Thread writer =
          Thread.ofVirtual().start(() -> {
            try {
              out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
              for (int at = 0; at < body.length; at += 64 * 1024) {
                out.write(body, at, Math.min(64 * 1024, body.length - at));
              }
              out.flush();
            } catch (IOException e) {
              // the server answered and closed before taking the whole body: its answer is read below
            }
          });
      Api.Resp resp = read(socket.getInputStream());
      writer.join(60_000);
      return resp;
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Api.Resp read(InputStream in) throws IOException {
    String status = line(in);
    while (status.startsWith("HTTP/1.1 100")) {
      while (!line(in).isEmpty()) {
        // the interim response's headers
      }
      status = line(in);
    }
    String[] parts = status.split(" ", 3);
    if (parts.length < 2) {
      throw new IOException("no HTTP status line: '" + status + "'");
    }
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
    }
    byte[] content;
    String length = headers.getOrDefault("Content-Length", List.of()).stream().findFirst().orElse(null);
    if (length != null) {
      content = in.readNBytes(Integer.parseInt(length));
    } else if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line(in).split(";")[0].strip(), 16); size > 0; size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) {
        all.write(in.readNBytes(size));
        line(in);
      }
      content = all.toByteArray();
    } else {
      content = in.readAllBytes();
    }
    return new Api.Resp(Integer.parseInt(parts[1]), headers, new String(content, StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection closed mid-response");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }
}
