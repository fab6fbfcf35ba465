package dev.silo.api.s3.sigv4;

import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.UnauthenticatedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Decodes an {@code aws-chunked} body as it streams, never holding more than a read buffer. In
 * signed mode every chunk's signature is checked, chained to the previous one from the seed (the
 * request's own signature), when the chunk's last byte has been read; the final empty chunk and a
 * signed trailer are checked too, so a body that was cut, reordered or altered fails before its
 * end is reported, and the upload it feeds leaves nothing behind. Trailer headers (a checksum of
 * the body) are kept for whoever checks them.
 */
public final class AwsChunkedInputStream extends InputStream {
  private static final int MAX_LINE = 4096;

  /** How chunk signatures are computed; null for unsigned bodies. */
  public record Signer(byte[] signingKey, String amzDate, String scope, String seedSignature) {}

  private final InputStream in;
  private final Signer signer;
  private final boolean trailer;
  private final MessageDigest digest;
  private String previousSignature;
  private String chunkSignature;
  private long remaining;
  private boolean inChunk;
  private boolean done;
  private final java.util.Map<String, String> trailers = new java.util.HashMap<>();

  public AwsChunkedInputStream(InputStream in, Signer signer, boolean trailer) {
    this.in = in;
    this.signer = signer;
    this.trailer = trailer;
    this.previousSignature = signer == null ? null : signer.seedSignature();
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!done && !inChunk) {
      startChunk();
    }
    if (done) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new InvalidInputException("incomplete_body", "the aws-chunked body ended inside a chunk");
    }
    if (signer != null) { // an unsigned body's chunks have no signature to check the hash against
      digest.update(b, off, n);
    }
    remaining -= n;
    if (remaining == 0) {
      expectCrlf();
      verifyChunk();
      inChunk = false;
    }
    return n;
  }

  private void startChunk() throws IOException {
    String header = line();
    String sizePart = header;
    String signature = null;
    int semicolon = header.indexOf(';');
    if (semicolon >= 0) {
      sizePart = header.substring(0, semicolon);
      String ext = header.substring(semicolon + 1);
      if (ext.startsWith("chunk-signature=")) {
        signature = ext.substring("chunk-signature=".length());
      }
    }
    long size;
    try {
      size = Long.parseLong(sizePart.strip(), 16);
    } catch (NumberFormatException e) {
      throw malformed();
    }
    if (size < 0) {
      throw malformed();
    }
    if (signer != null && signature == null) {
      throw mismatch();
    }
    chunkSignature = signature;
    digest.reset();
    if (size == 0) {
      verifyChunk();
      readTrailer();
      done = true;
      return;
    }
    remaining = size;
    inChunk = true;
  }

  private void verifyChunk() {
    if (signer == null) {
      return;
    }
    String hash = HexFormat.of().formatHex(digest.digest());
    String expected =
        SigV4.signature(
            signer.signingKey(), SigV4.chunkStringToSign(signer.amzDate(), signer.scope(), previousSignature, hash));
    if (!SigV4.matches(expected, chunkSignature)) {
      throw mismatch();
    }
    previousSignature = expected;
  }

  /** Trailer lines up to an empty line; a signed trailer's signature is checked. */
  private void readTrailer() throws IOException {
    if (!trailer) {
      expectCrlf();
      return;
    }
    StringBuilder headers = new StringBuilder();
    String trailerSignature = null;
    while (true) {
      String line = line();
      if (line.isEmpty()) {
        break;
      }
      if (line.startsWith("x-amz-trailer-signature:")) {
        trailerSignature = line.substring("x-amz-trailer-signature:".length()).strip();
      } else {
        headers.append(line).append('\n');
        int colon = line.indexOf(':');
        if (colon > 0) {
          trailers.put(line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).strip());
        }
      }
    }
    if (signer != null) {
      String expected =
          SigV4.signature(
              signer.signingKey(),
              SigV4.trailerStringToSign(signer.amzDate(), signer.scope(), previousSignature, SigV4.sha256Hex(headers.toString())));
      if (!SigV4.matches(expected, trailerSignature)) {
        throw mismatch();
      }
    }
  }

  /** Whether the body ends with trailer headers. */
  public boolean hasTrailer() {
    return trailer;
  }

  /**
   * A trailer header's value, once the body has been read to its end (and a signed trailer's
   * signature checked); empty before, or when it was not sent.
   */
  public java.util.Optional<String> trailer(String name) {
    return done ? java.util.Optional.ofNullable(trailers.get(name.toLowerCase(java.util.Locale.ROOT))) : java.util.Optional.empty();
  }

  private void expectCrlf() throws IOException {
    if (!line().isEmpty()) {
      throw malformed();
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new InvalidInputException("incomplete_body", "the aws-chunked body ended early");
      }
      if (c == '\r') {
        if (in.read() != '\n') {
          throw malformed();
        }
        return buf.toString(StandardCharsets.US_ASCII);
      }
      buf.write(c);
      if (buf.size() > MAX_LINE) {
        throw malformed();
      }
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private static InvalidInputException malformed() {
    return new InvalidInputException("invalid_chunk", "the aws-chunked body is malformed");
  }

  private static UnauthenticatedException mismatch() {
    return new UnauthenticatedException("signature_mismatch", "a chunk signature does not match");
  }
}
