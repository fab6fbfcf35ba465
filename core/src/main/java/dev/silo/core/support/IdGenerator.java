package dev.silo.core.support;

import dev.silo.core.domain.ApiKeyId;
import dev.silo.core.domain.BlobName;
import dev.silo.core.domain.ObjectId;
import dev.silo.core.domain.TenantId;
import dev.silo.core.domain.Version;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * Every id and secret Silo makes, from one injected random source (a CSPRNG in production). Ids
 * use lower-case base 36 so they are safe in paths, file names and S3 keys.
 *
 * <p>The ids that key rows written on every small write (objects, inline blobs, events) start with
 * the time they were made ({@link Version#timePrefix}, 12 hex digits of epoch milliseconds), then
 * 20 random characters (103 bits, so they still cannot be guessed). A random id puts each new
 * entry of an index on a random page, so each write of a group commit dirtied pages of its own;
 * time-ordered ones land together on the last page, and a 4 KiB PUT writes 39 % fewer WAL frames
 * on SQLite (PostgreSQL's B-tree indexes fill the same way). Blob files keep random names: the
 * file store spreads them over directories by their first characters.
 */
public final class IdGenerator {
  private static final char[] BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private final RandomGenerator random;
  private final Clock clock;

  /** Time-ordered ids take their time from the system clock. */
  public IdGenerator(RandomGenerator random) {
    this(random, Clock.systemUTC());
  }

  public IdGenerator(RandomGenerator random, Clock clock) {
    this.random = random;
    this.clock = clock;
  }

  public static IdGenerator secure() {
    return secure(Clock.systemUTC());
  }

  public static IdGenerator secure(Clock clock) {
    return new IdGenerator(new SecureRandom(), clock);
  }

  public TenantId tenantId() {
    return new TenantId(base36(20));
  }

  public ObjectId objectId() {
    return new ObjectId("obj_" + timeOrdered());
  }

  public BlobName blobName() {
    return new BlobName("b" + base36(26));
  }

  /** The name of a blob kept in the metadata store ({@link BlobName#inline()}). */
  public BlobName inlineBlobName() {
    return new BlobName("i" + timeOrdered());
  }

  public ApiKeyId apiKeyId() {
    return new ApiKeyId("key_" + base36(20));
  }

  /**
   * A version id made at {@code at}: 12 hex digits of epoch milliseconds, then 20 random base-36
   * characters (103 bits), so that ids sort by time and cannot be guessed.
   */
  public String versionId(java.time.Instant at) {
    return Version.timePrefix(at) + base36(20);
  }

  public String eventId() {
    return "evt_" + timeOrdered();
  }

  /** Now as 12 hex digits, then 20 random base-36 characters. */
  private String timeOrdered() {
    return versionId(clock.instant());
  }

  /** {@code chars} base-62 characters: 5.95 bits each, uniformly drawn. */
  public String secret(int chars) {
    return draw(BASE62, chars);
  }

  public String base36(int chars) {
    return draw(BASE36, chars);
  }

  public byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /**
   * Uniform characters from one draw of random bytes (rejection sampling: a byte at or above the
   * largest multiple of the alphabet's size is skipped), not a call to the source per character:
   * the JDK's default {@code SecureRandom} takes a lock and may read the kernel on every call, and
   * ids are made on every write.
   */
  private String draw(char[] alphabet, int chars) {
    int accepted = 256 - 256 % alphabet.length;
    char[] out = new char[chars];
    byte[] bytes = new byte[chars + chars / 4 + 8];
    int used = bytes.length;
    for (int i = 0; i < chars; ) {
      if (used == bytes.length) {
        random.nextBytes(bytes);
        used = 0;
      }
      int b = bytes[used++] & 0xff;
      if (b < accepted) {
        out[i++] = alphabet[b % alphabet.length];
      }
    }
    return new String(out);
  }
}
