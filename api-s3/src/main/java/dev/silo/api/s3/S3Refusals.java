package dev.silo.api.s3;

import dev.silo.core.support.IdGenerator;
import dev.silo.http.RefusalHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.eclipse.jetty.server.Request;

/**
 * The S3 port's wording of what Jetty refuses before an operation is chosen: S3's XML error, with
 * the codes S3 gives such requests, so that an SDK reports the reason instead of failing to parse
 * an HTML page.
 */
final class S3Refusals implements RefusalHandler.Wording {
  private final IdGenerator ids;

  S3Refusals(IdGenerator ids) {
    this.ids = ids;
  }

  @Override
  public String idHeader() {
    return "x-amz-request-id";
  }

  @Override
  public String requestId(Request request) {
    return ids.base36(16).toUpperCase(Locale.ROOT);
  }

  @Override
  public String contentType() {
    return "application/xml";
  }

  @Override
  public byte[] body(int status, String requestId, String path) {
    String[] codeAndMessage =
        switch (status) {
          case 413 -> new String[] {"EntityTooLarge", "Your proposed upload exceeds the maximum allowed size."};
          case 414 -> new String[] {"InvalidURI", "The request URI is too long."};
          case 431 -> new String[] {"RequestHeaderSectionTooLarge", "Your request header section exceeds the maximum allowed size."};
          default -> status >= 500
              ? new String[] {"InternalError", "We encountered an internal error. Please try again."}
              : new String[] {"InvalidRequest", "The request could not be parsed: its request line, URI or headers are malformed."};
        };
    Xml x = Xml.plain("Error");
    try {
      x.el("Code", codeAndMessage[0]).el("Message", codeAndMessage[1]).el("Resource", path).el("RequestId", requestId);
      x.end("Error");
      ByteArrayOutputStream out = new ByteArrayOutputStream(x.length());
      x.writeTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      x.release();
    }
  }
}
