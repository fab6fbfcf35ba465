package dev.silo.core.domain;

import dev.silo.core.error.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The additional checksum an object (or a part of an upload) keeps, as S3 keeps it: the one its
 * upload was checked against ({@code x-amz-checksum-*}), which covers the whole object ({@link
 * Type#FULL_OBJECT}); or, for an object completed from parts, either the checksum of its parts'
 * checksums ({@link Type#COMPOSITE}, the value followed by {@code -N}, N parts), or for a CRC the
 * parts' values combined into the whole object's. {@code value} is base64, as S3's headers carry it.
 * {@code parts} are the checksums of the parts it was derived from (base64, in order), which S3
 * answers for a read of one part and in GetObjectAttributes; empty for an object stored whole.
 */
public record Checksum(ChecksumAlgorithm algorithm, Type type, String value, List<String> parts) {
  /** What the value covers: the bytes themselves, or the checksums of the parts. */
  public enum Type {
    FULL_OBJECT,
    COMPOSITE;

    /** The type of this name, as S3's {@code x-amz-checksum-type} gives it; 400 for another. */
    public static Type named(String name) {
      return WireNames.find(Type.class, name)
          .orElseThrow(() -> new InvalidInputException("invalid_checksum", "the checksum type is FULL_OBJECT or COMPOSITE"));
    }
  }

  /**
   * The checksum a multipart upload asks for ({@code x-amz-checksum-algorithm} and {@code
   * x-amz-checksum-type}): each part gets one of {@code algorithm} and the object one of {@code
   * type}. As on S3, a digest only composes and CRC-64/NVME only combines.
   */
  public record Kind(ChecksumAlgorithm algorithm, Type type) {
    public Kind {
      Objects.requireNonNull(algorithm, "algorithm");
      Objects.requireNonNull(type, "type");
      if (type == Type.FULL_OBJECT && !algorithm.crc()) {
        throw new InvalidInputException("invalid_checksum", "the " + algorithm + " checksum is COMPOSITE only");
      }
      if (type == Type.COMPOSITE && algorithm == ChecksumAlgorithm.CRC64NVME) {
        throw new InvalidInputException("invalid_checksum", "the CRC64NVME checksum is FULL_OBJECT only");
      }
    }

    /** The kind a request names; without a type, S3's default for the algorithm (FULL_OBJECT for CRC64NVME, else COMPOSITE). */
    public static Kind of(String algorithm, String type) {
      ChecksumAlgorithm a = ChecksumAlgorithm.named(algorithm)
          .orElseThrow(() -> new InvalidInputException("invalid_checksum", "the checksum algorithm is CRC32, CRC32C, CRC64NVME, SHA1 or SHA256"));
      Type t = type != null ? Type.named(type) : a == ChecksumAlgorithm.CRC64NVME ? Type.FULL_OBJECT : Type.COMPOSITE;
      return new Kind(a, t);
    }

    /** The stored form, {@code CRC32 COMPOSITE}; null for none. */
    public static String encode(Kind k) {
      return k == null ? null : k.algorithm + " " + k.type;
    }

    public static Kind decode(String stored) {
      if (stored == null || stored.isBlank()) {
        return null;
      }
      String[] f = stored.strip().split(" ");
      return new Kind(ChecksumAlgorithm.valueOf(f[0]), Type.valueOf(f[1]));
    }
  }

  /** A checksum not derived from parts. */
  public Checksum(ChecksumAlgorithm algorithm, Type type, String value) {
    this(algorithm, type, value, List.of());
  }

  public Checksum {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    parts = parts == null ? List.of() : List.copyOf(parts);
    for (String p : parts) {
      if (decoded(algorithm, p) == null) {
        throw new IllegalArgumentException("not a " + algorithm + " value: " + p);
      }
    }
    int dash = value.indexOf('-');
    if ((type == Type.COMPOSITE) != (dash > 0)) {
      throw new IllegalArgumentException("a composite checksum, and only one, ends in its part count");
    }
    if (decoded(algorithm, dash > 0 ? value.substring(0, dash) : value) == null) {
      throw new IllegalArgumentException("not a " + algorithm + " value: " + value);
    }
  }

  /** The checksum of a whole object (or a part), {@code value} its raw bytes. */
  public static Checksum full(ChecksumAlgorithm algorithm, byte[] value) {
    return new Checksum(algorithm, Type.FULL_OBJECT, Base64.getEncoder().encodeToString(value));
  }

  /**
   * A value a client sent for {@code algorithm} (base64 of the algorithm's length), or null when it
   * cannot be one.
   */
  public static byte[] decoded(ChecksumAlgorithm algorithm, String base64) {
    try {
      byte[] bytes = Base64.getDecoder().decode(base64.strip());
      return bytes.length == algorithm.length() ? bytes : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The object's checksum from its parts', in order, as S3 derives it for an upload of this {@code
   * kind}: the checksum of the parts' raw values, {@code -N}; or, combining, the CRC of all the bytes.
   */
  public static Checksum ofParts(Kind kind, List<Checksum> parts, List<Long> sizes) {
    ChecksumAlgorithm a = kind.algorithm();
    List<String> values = parts.stream().map(Checksum::value).toList();
    if (kind.type() == Type.COMPOSITE) {
      ByteArrayOutputStream all = new ByteArrayOutputStream(parts.size() * a.length());
      parts.forEach(p -> all.writeBytes(p.bytes()));
      return new Checksum(a, Type.COMPOSITE, Base64.getEncoder().encodeToString(a.of(all.toByteArray())) + "-" + parts.size(), values);
    }
    byte[] whole = parts.getFirst().bytes();
    for (int i = 1; i < parts.size(); i++) {
      whole = a.combine(whole, parts.get(i).bytes(), sizes.get(i));
    }
    return new Checksum(a, Type.FULL_OBJECT, Base64.getEncoder().encodeToString(whole), values);
  }

  /** The checksum of part {@code number} (1-based) of the object this was derived for, if it keeps one. */
  public Optional<Checksum> part(int number) {
    return number >= 1 && number <= parts.size()
        ? Optional.of(new Checksum(algorithm, Type.FULL_OBJECT, parts.get(number - 1)))
        : Optional.empty();
  }

  /** The same checksum without its parts': what a copy of the object, stored whole, keeps. */
  public Checksum withoutParts() {
    return parts.isEmpty() ? this : new Checksum(algorithm, type, value);
  }

  /** The raw value (for a composite, without its part count). */
  public byte[] bytes() {
    int dash = value.indexOf('-');
    return Base64.getDecoder().decode(dash > 0 ? value.substring(0, dash) : value);
  }

  /** The stored form, {@code CRC32 FULL_OBJECT <value>}, then the parts' as {@code <p1>,<p2>,…}; null for none. */
  public static String encode(Checksum c) {
    return c == null ? null : c.algorithm + " " + c.type + " " + c.value + (c.parts.isEmpty() ? "" : " " + String.join(",", c.parts));
  }

  public static Checksum decode(String stored) {
    if (stored == null || stored.isBlank()) {
      return null;
    }
    String[] f = stored.strip().split(" ");
    return new Checksum(ChecksumAlgorithm.valueOf(f[0]), Type.valueOf(f[1]), f[2], f.length > 3 ? List.of(f[3].split(",")) : List.of());
  }
}
