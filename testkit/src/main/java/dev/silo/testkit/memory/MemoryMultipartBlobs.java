package dev.silo.testkit.memory;

import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ByteRange;
import dev.silo.core.domain.StorageSpace;
import dev.silo.core.spi.MultipartBlobs;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blobs assembled from parts, as S3 does it: parts are kept per assembly, nothing is readable
 * until {@link #complete}, which hands the parts to {@code publish} in number order. Part tags
 * are the quoted MD5 of the part, so a part sent again gets the same tag.
 */
final class MemoryMultipartBlobs implements MultipartBlobs {
  private record Assembly(StorageSpace space, String name, Map<Integer, byte[]> parts) {}

  private final int partSize;
  private final Map<String, Assembly> assemblies = new ConcurrentHashMap<>();
  private final PublishTarget target;

  /** Where a completed assembly goes: the blob store's map. */
  interface PublishTarget {
    void put(StorageSpace space, String name, Chunks bytes);
  }

  /** Where a copied part comes from: the blob store's blobs. */
  interface CopySource {
    InputStream read(StorageSpace space, BlobName name, ByteRange range) throws IOException;
  }

  private final CopySource source;

  MemoryMultipartBlobs(int partSize, PublishTarget target, CopySource source) {
    this.partSize = partSize;
    this.target = target;
    this.source = source;
  }

  @Override
  public int partSize() {
    return partSize;
  }

  @Override
  public int maxParts() {
    return 10_000;
  }

  @Override
  public String begin(StorageSpace space, BlobName name) {
    String id = UUID.randomUUID().toString();
    assemblies.put(id, new Assembly(space, name.value(), new ConcurrentHashMap<>()));
    return id;
  }

  @Override
  public List<Part> upload(StorageSpace space, BlobName name, String assembly, int firstNumber, InputStream in,
      long total, Remainder remainder) throws IOException {
    Assembly a = existing(assembly);
    return MultipartBlobs.cutParts(in, new byte[partSize], firstNumber, total, remainder, (number, buffer, n) -> {
      byte[] bytes = Arrays.copyOf(buffer, n);
      a.parts().put(number, bytes);
      return new Part(number, n, etag(bytes));
    });
  }

  @Override
  public Part uploadPart(StorageSpace space, BlobName name, String assembly, int number, InputStream in, long length)
      throws IOException {
    Assembly a = existing(assembly);
    byte[] bytes = in.readNBytes((int) Math.min(length, Integer.MAX_VALUE));
    if (bytes.length != length) {
      throw new IOException("the part's input ended after " + bytes.length + " of " + length + " bytes");
    }
    a.parts().put(number, bytes);
    return new Part(number, length, etag(bytes));
  }

  @Override
  public Part copyPart(StorageSpace space, BlobName name, String assembly, int number, BlobName from, ByteRange range)
      throws IOException {
    Assembly a = existing(assembly);
    byte[] bytes;
    try (InputStream in = source.read(space, from, range)) {
      bytes = in.readAllBytes();
    }
    a.parts().put(number, bytes);
    return new Part(number, bytes.length, etag(bytes));
  }

  @Override
  public void complete(StorageSpace space, BlobName name, String assembly, List<Part> parts) throws IOException {
    Assembly a = existing(assembly);
    List<byte[]> ordered = new ArrayList<>();
    long size = 0;
    for (Part p : parts.stream().sorted(java.util.Comparator.comparingInt(Part::number)).toList()) {
      byte[] bytes = a.parts().get(p.number());
      if (bytes == null || !etag(bytes).equals(p.etag())) {
        throw new IOException("part " + p.number() + " of the assembly is missing or different");
      }
      ordered.add(bytes);
      size += bytes.length;
    }
    target.put(a.space(), a.name(), new Chunks(ordered, size));
    assemblies.remove(assembly);
  }

  @Override
  public void abort(StorageSpace space, BlobName name, String assembly) {
    assemblies.remove(assembly);
  }

  /** Aborts every unfinished assembly of the space (its tenant is gone). */
  void destroy(StorageSpace space) {
    assemblies.values().removeIf(a -> a.space().equals(space));
  }

  /** How many assemblies of the space are unfinished. */
  long unfinished(StorageSpace space) {
    return assemblies.values().stream().filter(a -> a.space().equals(space)).count();
  }

  private Assembly existing(String assembly) throws IOException {
    Assembly a = assemblies.get(assembly);
    if (a == null) {
      throw new IOException("no such assembly: " + assembly);
    }
    return a;
  }

  private static String etag(byte[] bytes) {
    try {
      return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
