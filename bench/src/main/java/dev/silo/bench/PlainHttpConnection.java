package dev.silo.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 keep-alive connection over a plain blocking socket, for a load generator that
 * should cost as little CPU as it can: a request is one write, a response is read with
 * Content-Length or chunked framing, and the connection is opened again when the server closes
 * it. No TLS, no redirects, no pooling: each worker of {@link S3SmallBench} has its own.
 */
final class PlainHttpConnection implements AutoCloseable {
  /** A response's status and body. */
  record Response(int status, byte[] body) {}

  private final URI endpoint;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  PlainHttpConnection(URI endpoint) {
    this.endpoint = endpoint;
  }

  /** Sends one request ({@code headers} besides Host and Content-Length) and reads its response. */
  Response exchange(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
    if (socket == null) {
      open();
    }
    StringBuilder head = new StringBuilder(256)
        .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(endpoint.getHost()).append(':').append(endpoint.getPort()).append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    byte[] bytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    if (body != null) {
      byte[] all = new byte[bytes.length + body.length];
      System.arraycopy(bytes, 0, all, 0, bytes.length);
      System.arraycopy(body, 0, all, bytes.length, body.length);
      bytes = all;
    }
    out.write(bytes);
    out.flush();
    return read(method);
  }

  private Response read(String method) throws IOException {
    String status = line();
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    for (String header; !(header = line()).isEmpty(); ) {
      int colon = header.indexOf(':');
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
        case "connection" -> close = value.equalsIgnoreCase("close");
        default -> { }
      }
    }
    byte[] body;
    if (method.equals("HEAD") || code == 204 || code == 304 || code / 100 == 1) {
      body = new byte[0];
    } else if (chunked) {
      body = chunks();
    } else if (length >= 0) {
      body = in.readNBytes((int) length);
      if (body.length != length) {
        throw new EOFException("the connection closed inside a body");
      }
    } else {
      body = in.readAllBytes();
      close = true;
    }
    if (close) {
      close();
    }
    return new Response(code, body);
  }

  private byte[] chunks() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (n == 0) {
        while (!line().isEmpty()) {
          // trailers: none wanted
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(n));
      line();
    }
  }

  /** One header line without its CRLF; empty at the end of the headers. */
  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) {
        throw new EOFException("the server closed the connection");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  private void open() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    out = socket.getOutputStream();
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}
