package dev.silo.api.tus;

import dev.silo.core.domain.StandardHeaders;
import dev.silo.core.error.InvalidInputException;
import dev.silo.core.error.PreconditionFailedException;
import dev.silo.core.upload.resumable.ResumableUploadService.Checksum;
import dev.silo.http.Exchange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Parsing and formatting of TUS headers; every malformed header is a 400. */
final class TusHeaders {
  private TusHeaders() {}

  /** Every TUS request but OPTIONS must speak our version; otherwise 412 with the one we speak. */
  static void requireVersion(Exchange ex) {
    ex.header("Tus-Resumable", TusApi.VERSION);
    String v = ex.header("Tus-Resumable").orElse(null);
    if (!TusApi.VERSION.equals(v)) {
      ex.header("Tus-Version", TusApi.VERSION);
      throw new PreconditionFailedException("tus_version", "Tus-Resumable must be " + TusApi.VERSION);
    }
  }

  static Optional<Long> number(Exchange ex, String name) {
    return ex.header(name)
        .map(
            v -> {
              try {
                long n = Long.parseLong(v.trim());
                if (n < 0) {
                  throw new NumberFormatException();
                }
                return n;
              } catch (NumberFormatException e) {
                throw new InvalidInputException("invalid_header", name + " must be a non-negative integer");
              }
            });
  }

  /** {@code Upload-Metadata}: comma-separated {@code key base64(value)} pairs, value optional. */
  static Map<String, String> metadata(Exchange ex) {
    Map<String, String> out = new LinkedHashMap<>();
    String header = ex.header("Upload-Metadata").orElse("");
    if (header.isBlank()) {
      return out;
    }
    for (String pair : header.split(",")) {
      String p = pair.trim();
      if (p.isEmpty()) {
        continue;
      }
      int space = p.indexOf(' ');
      String key = space < 0 ? p : p.substring(0, space);
      String value = "";
      if (space >= 0) {
        try {
          value = new String(Base64.getDecoder().decode(p.substring(space + 1).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw new InvalidInputException("invalid_metadata", "Upload-Metadata value of " + key + " is not base64");
        }
      }
      if (out.put(key, value) != null) {
        throw new InvalidInputException("invalid_metadata", "Upload-Metadata names " + key + " twice");
      }
    }
    return out;
  }

  /** The {@code Upload-Metadata} keys Silo reads itself; every other key is user metadata. */
  static final Set<String> CONTROL_KEYS = Set.of("key", "bucket", "filename", "filetype", "category");

  /** The {@code Upload-Metadata} keys of the standard headers, in {@link StandardHeaders#NAMES} order. */
  static final List<String> HEADER_KEYS =
      List.of("cacheControl", "contentDisposition", "contentEncoding", "contentLanguage", "expires");

  static StandardHeaders standardHeaders(Map<String, String> metadata) {
    return StandardHeaders.of(HEADER_KEYS.stream().map(metadata::get).toList());
  }

  /** The object's user metadata: the entries that are neither control keys nor headers. */
  static Map<String, String> userMetadata(Map<String, String> metadata) {
    Map<String, String> out = new LinkedHashMap<>(metadata);
    out.keySet().removeAll(CONTROL_KEYS);
    out.keySet().removeAll(HEADER_KEYS);
    return out;
  }

  /** An {@code Upload-Concat} header: a partial upload, or a final one of the partial uploads {@code ids}. */
  record Concat(boolean partial, List<String> ids) {}

  /**
   * {@code Upload-Concat: partial}, or {@code final;<url> <url> ...} with each partial upload's URL
   * absolute or a path (with or without the query of its token): the upload is its last segment.
   */
  static Optional<Concat> concat(Exchange ex) {
    Optional<String> header = ex.header("Upload-Concat");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String value = header.get().trim();
    if (value.equals("partial")) {
      return Optional.of(new Concat(true, List.of()));
    }
    if (!value.startsWith("final;")) {
      throw new InvalidInputException("invalid_header", "Upload-Concat must be 'partial' or 'final;' and the partial uploads' URLs");
    }
    List<String> ids = new java.util.ArrayList<>();
    for (String url : value.substring("final;".length()).trim().split("\\s+")) {
      String path = url.replaceFirst("[?#].*$", "");
      String id = path.substring(path.lastIndexOf('/') + 1);
      if (id.isEmpty()) {
        throw new InvalidInputException("invalid_header", "Upload-Concat names no upload in '" + url + "'");
      }
      ids.add(id);
    }
    return Optional.of(new Concat(false, List.copyOf(ids)));
  }

  /** {@code Upload-Checksum: <algorithm> <base64 digest>}. */
  static Checksum checksum(Exchange ex) {
    Optional<String> header = ex.header("Upload-Checksum");
    if (header.isEmpty()) {
      return null;
    }
    String[] parts = header.get().trim().split(" +");
    if (parts.length != 2) {
      throw new InvalidInputException("invalid_checksum", "Upload-Checksum must be '<algorithm> <base64 digest>'");
    }
    String algorithm = parts[0].toLowerCase(Locale.ROOT);
    if (!algorithm.equals("sha1") && !algorithm.equals("sha256")) {
      throw new InvalidInputException("unsupported_checksum", "checksum algorithm must be sha1 or sha256");
    }
    try {
      return new Checksum(algorithm, Base64.getDecoder().decode(parts[1]), algorithm + " " + parts[1]);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("invalid_checksum", "the Upload-Checksum digest is not base64");
    }
  }

  static String httpDate(Instant t) {
    return dev.silo.http.HttpDate.format(t);
  }
}
