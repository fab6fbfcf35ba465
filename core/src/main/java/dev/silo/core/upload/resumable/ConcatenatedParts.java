package dev.silo.core.upload.resumable;

import dev.silo.core.domain.SystemFacts;
import dev.silo.core.multipart.PartDigests;
import dev.silo.core.object.StagedBlob;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a final upload's object is made of, as its partial uploads recorded it while their bytes
 * arrived: the size, SHA-256 and MD5 of each that holds bytes, in order. The object is identified
 * as S3 identifies an object uploaded in parts, from these alone, so nothing is read to publish
 * it: its ETag is S3's multipart form ({@code md5-of-part-md5s-N}), its SHA-256 the composite
 * ({@code sha256-of-part-sha256s-N}), its parts these sizes. Kept on the final upload's row in
 * place of running hashes, which it has none of ({@link #encoded()}).
 */
record ConcatenatedParts(List<Part> parts) {
  /** One partial upload's bytes. */
  record Part(long size, String sha256, String md5) {}

  private static final String PREFIX = "parts:";

  ConcatenatedParts {
    parts = List.copyOf(parts);
  }

  /** {@code parts:} and {@code size.sha256.md5} per part, comma-separated. */
  String encoded() {
    List<String> each = new ArrayList<>();
    for (Part p : parts) {
      each.add(p.size() + "." + p.sha256() + "." + p.md5());
    }
    return PREFIX + String.join(",", each);
  }

  /** The parts a final upload's row keeps; empty for running hashes, or none. */
  static Optional<ConcatenatedParts> decode(String hashState) {
    if (hashState == null || !hashState.startsWith(PREFIX)) {
      return Optional.empty();
    }
    List<Part> parts = new ArrayList<>();
    for (String each : hashState.substring(PREFIX.length()).split(",")) {
      String[] f = each.split("\\.");
      parts.add(new Part(Long.parseLong(f[0]), f[1], f[2]));
    }
    return Optional.of(new ConcatenatedParts(parts));
  }

  String etag() {
    return PartDigests.of("MD5", parts.stream().map(Part::md5).toList());
  }

  String sha256() {
    return PartDigests.of("SHA-256", parts.stream().map(Part::sha256).toList());
  }

  /** The object's facts: made of these parts, with this ETag (GET partNumber, GetObjectAttributes). */
  SystemFacts facts() {
    return SystemFacts.multipart(etag(), parts.stream().map(Part::size).toList());
  }

  /** {@code blob}, however it was joined, named by these parts' digests. */
  StagedBlob identify(StagedBlob blob) {
    return new StagedBlob(blob.name(), blob.size(), sha256(), etag(), blob.intentId(), blob.inlineBytes(), blob.checksum());
  }
}
