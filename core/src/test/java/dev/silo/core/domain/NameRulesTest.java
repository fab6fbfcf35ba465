package dev.silo.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silo.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The names' checks are loops; these tests hold them to the rules as regular expressions and
 * plain string operations state them, over many generated names of the characters that matter
 * (the verdict and, for keys, the message must be the same).
 */
class NameRulesTest {
  private static final int CASES = 200_000;

  /** The rule as the regular expression it was written as; null when the name is accepted. */
  private static String verdict(Function<String, ?> make, String value) {
    try {
      make.apply(value);
      return null;
    } catch (InvalidInputException e) {
      return e.getMessage();
    }
  }

  private static String generated(SplittableRandom random, String alphabet, int maxLength) {
    int length = random.nextInt(maxLength + 1);
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  /**
   * The check of {@code make} accepts exactly what {@code rule} matches, over {@link #CASES} names
   * from {@code names} (of which more than 100 must be valid, so that both verdicts are tried),
   * and refuses null.
   */
  private static void holdsToRule(String rule, Function<String, ?> make, long seed, Function<SplittableRandom, String> names) {
    Pattern pattern = Pattern.compile(rule);
    SplittableRandom random = new SplittableRandom(seed);
    int accepted = 0;
    for (int i = 0; i < CASES; i++) {
      String value = names.apply(random);
      boolean valid = verdict(make, value) == null;
      assertThat(valid).as(value).isEqualTo(pattern.matcher(value).matches());
      accepted += valid ? 1 : 0;
    }
    assertThat(accepted).as("generated names that are valid").isGreaterThan(100);
    assertThat(verdict(make, null)).isNotNull();
  }

  @Test
  void objectIdsAreObjUnderscoreAndTwentyToFortyLowerCaseLettersOrDigits() {
    holdsToRule("obj_[a-z0-9]{20,40}", ObjectId::new, 1, random -> (random.nextInt(8) == 0 ? "ob_" : "obj_")
        + generated(random, random.nextInt(3) == 0 ? "az09A_-." : "abz059", 44));
  }

  @Test
  void blobNamesAreBOrIAndTwentyFourToFortyLowerCaseLettersOrDigits() {
    holdsToRule("[bi][a-z0-9]{24,40}", BlobName::new, 2, random ->
        generated(random, "biBx", 1) + generated(random, random.nextInt(3) == 0 ? "az09Z-" : "az09", 44));
  }

  @Test
  void tenantIdsAreOneToFortyLowerCaseLettersOrDigits() {
    holdsToRule("[a-z0-9]{1,40}", TenantId::new, 5, random ->
        generated(random, random.nextInt(3) == 0 ? "az09Z-_" : "az09", 44));
  }

  @Test
  void apiKeyIdsAreKeyUnderscoreAndSixteenToThirtyTwoLowerCaseLettersOrDigits() {
    holdsToRule("key_[a-z0-9]{16,32}", ApiKeyId::new, 6, random -> (random.nextInt(8) == 0 ? "kee_" : "key_")
        + generated(random, random.nextInt(3) == 0 ? "az09A_-." : "abz059", 36));
  }

  @Test
  void bucketNamesFollowS3sRules() {
    Pattern format = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    Pattern ip = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    SplittableRandom random = new SplittableRandom(3);
    int accepted = 0;
    int ips = 0;
    for (int i = 0; i < CASES; i++) {
      String value = switch (random.nextInt(4)) {
        case 0 -> generated(random, "1.2.3", 12); // IP-like
        case 1 -> "xn--" + generated(random, "ab-", 6);
        default -> generated(random, "ab0.-A_", 66);
      };
      boolean rule = format.matcher(value).matches()
          && !value.contains("..")
          && !value.contains(".-")
          && !value.contains("-.")
          && !ip.matcher(value).matches()
          && !value.startsWith("xn--");
      boolean valid = verdict(BucketName::new, value) == null;
      assertThat(valid).as(value).isEqualTo(rule);
      accepted += valid ? 1 : 0;
      ips += ip.matcher(value).matches() ? 1 : 0;
    }
    assertThat(accepted).isGreaterThan(100);
    assertThat(ips).as("some generated names are IP addresses").isGreaterThan(100);
    assertThat(verdict(BucketName::new, null)).isNotNull();
  }

  @Test
  void keysFollowTheirRulesWithTheSameMessageForTheFirstRuleBroken() {
    SplittableRandom random = new SplittableRandom(4);
    // letters, separators, dots, a backslash, controls (C0, DEL, C1), two- and three-byte
    // characters, a surrogate pair and lone surrogates
    String alphabet = "ab/./.\\\u0001\u007f\u0085é€\ud83d\ude00\ud83d\ude00";
    int accepted = 0;
    for (int i = 0; i < CASES; i++) {
      String value = random.nextInt(50) == 0
          ? generated(random, "a€é", 500) // long: past 1,024 bytes
          : generated(random, alphabet, 12);
      String expected = keyRule(value);
      assertThat(verdict(ObjectKey::new, value)).as(value).isEqualTo(expected);
      accepted += expected == null ? 1 : 0;
    }
    assertThat(accepted).isGreaterThan(100);
  }

  /** The key rules as plain string operations, in the order they are checked. */
  private static String keyRule(String value) {
    if (value.isEmpty()) {
      return "key must not be empty";
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > ObjectKey.MAX_BYTES) {
      return "key is longer than 1024 bytes";
    }
    if (value.startsWith("/")) {
      return "key must not start with /";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\' || (c >= 0x80 && c < 0xa0)) {
        return "key must not contain control characters or backslashes";
      }
      if (Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(++i)))) {
        return "key is not valid UTF-8";
      }
    }
    for (String segment : value.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        return "key must not contain . or .. segments";
      }
    }
    return value.contains("//") ? "key must not contain empty segments" : null;
  }
}
