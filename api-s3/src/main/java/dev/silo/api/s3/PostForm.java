package dev.silo.api.s3;

import dev.silo.core.error.InvalidInputException;
import dev.silo.core.object.CappedBody;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A browser form upload (S3 POST Object), read up to its file: the form's fields (names
 * lower-case, as S3 compares them; at most 64 KiB of them), then the file's name, type and
 * content as a stream. S3 takes the file as the last field and ignores any after it.
 */
final class PostForm {
  private static final int MAX_FIELDS = 64 * 1024;

  private final Map<String, String> fields;
  private final String filename;
  private final String fileType;
  private final InputStream file;
  private final FormDataReader reader;

  private PostForm(Map<String, String> fields, String filename, String fileType, InputStream file, FormDataReader reader) {
    this.fields = fields;
    this.filename = filename;
    this.fileType = fileType;
    this.file = file;
    this.reader = reader;
  }

  /** Whether a request is a form upload: a POST to a bucket, form data, no other credential. */
  static boolean is(S3Exchange ex) {
    return ex.method().equals("POST") && ex.hasBucket() && !ex.hasKey() && ex.queryParams().isEmpty()
        && ex.header("Authorization").isEmpty() && FormDataReader.boundary(ex.header("Content-Type").orElse(null)) != null;
  }

  /** The form's fields and its file, read from the body up to the file's first byte. */
  static PostForm read(S3Exchange ex) throws IOException {
    FormDataReader reader = FormDataReader.of(ex.rawBody(), ex.header("Content-Type").orElse(null));
    Map<String, String> fields = new LinkedHashMap<>();
    int total = 0;
    for (FormDataReader.Part part = reader.next(); part != null; part = reader.next()) {
      if (part.name().equals("file")) {
        String name = part.filename().orElse("");
        String type = part.headers().get("content-type");
        if (fields.containsKey("key") && fields.get("key").contains("${filename}")) {
          fields.put("key", fields.get("key").replace("${filename}", name));
        }
        return new PostForm(fields, name, type, part.content(), reader);
      }
      byte[] value = part.content().readNBytes(MAX_FIELDS - total + 1);
      // each part counts its headers too, so that many empty ones add up as well
      total += value.length + part.headers().toString().length();
      if (total > MAX_FIELDS || part.content().read() >= 0) {
        throw new InvalidInputException("malformed_post", "the form's fields before its file exceed 64 KiB");
      }
      fields.putIfAbsent(part.name(), new String(value, StandardCharsets.UTF_8));
    }
    throw new InvalidInputException("malformed_post", "the form upload has no file field");
  }

  /** A field's value; the name lower-case. */
  Optional<String> field(String name) {
    return Optional.ofNullable(fields.get(name));
  }

  /** A field every form upload must have: 400 without it. */
  String required(String name) {
    return field(name).orElseThrow(() -> new InvalidInputException("malformed_post", "the form upload needs a " + name + " field"));
  }

  Map<String, String> fields() {
    return fields;
  }

  /** The file's type as its part declared it, when it did. */
  Optional<String> fileType() {
    return Optional.ofNullable(fileType);
  }

  /** The file's content, held to {@code min}..{@code max} bytes: more is 400 EntityTooLarge as it streams, fewer 400 EntityTooSmall at its end. */
  InputStream file(long min, long max) {
    return new CappedBody(file, max, "the file is larger than the policy's content-length-range allows") {
      @Override
      protected void accept(byte[] b, int off, int n) {
        // counted, nothing more
      }

      @Override
      protected void atEnd(long count) {
        if (count < min) {
          throw new InvalidInputException("entity_too_small", "the file is smaller than the policy's content-length-range allows");
        }
      }
    };
  }

  /** Reads what follows the file (fields S3 ignores, the closing boundary), up to 64 KiB, so the connection can be kept. */
  void finish() {
    try {
      int left = MAX_FIELDS;
      for (FormDataReader.Part part = reader.next(); part != null && left > 0; part = reader.next()) {
        left -= (int) part.content().skip(left);
        if (part.content().read() >= 0) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // what follows the file is not the upload's: a connection that cannot be reused is closed
    }
  }

  String filename() {
    return filename;
  }
}
