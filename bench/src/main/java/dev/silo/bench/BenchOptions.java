package dev.silo.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** The command line of {@link LoadGenerator}, with defaults from the environment. */
record BenchOptions(
    URI url,
    String operatorToken,
    String apiKey,
    long bigSize,
    int smallCount,
    int smallSize,
    int concurrency,
    int warmup,
    boolean keep) {

  static final String USAGE =
      """
      Usage: java -jar silo-bench.jar [options]
        --url URL           Silo's address (env SILO_URL; default http://127.0.0.1:8080)
        --token TOKEN       operator token: the bench creates and finally deletes its own tenant
                            (env SILO_ADMIN_TOKEN; else ./data/admin.token)
        --api-key KEY       or: run inside an existing tenant with its API key (env SILO_API_KEY);
                            the bench deletes only the objects it wrote
        --big-size SIZE     size of the streamed object (default 1GiB; 0 skips it)
        --small-count N     number of small objects (default 2000; 0 skips them)
        --small-size SIZE   size of each small object (default 4KiB)
        --concurrency C     concurrent workers for small objects (default 16)
        --warmup N          unmeasured small PUT+GETs first, to warm up the JIT (default 200)
        --keep              leave the tenant or objects in place afterwards
      """;

  private static final Set<String> VALUED =
      Set.of(
          "--url", "--token", "--api-key", "--big-size", "--small-count", "--small-size",
          "--concurrency", "--warmup");

  BenchOptions {
    if (operatorToken == null && apiKey == null) {
      throw new IllegalArgumentException(
          "give --token (operator token) or --api-key; see data/admin.token where ./silo serve runs");
    }
    if (bigSize < 0 || smallCount < 0 || smallSize < 0 || concurrency < 1 || warmup < 0) {
      throw new IllegalArgumentException("sizes and counts must not be negative, concurrency >= 1");
    }
  }

  static BenchOptions parse(String[] args) {
    String url = env("SILO_URL", "http://127.0.0.1:8080");
    String token = null;
    String apiKey = null;
    long bigSize = 1L << 30;
    int smallCount = 2000;
    int smallSize = 4096;
    int concurrency = 16;
    int warmup = 200;
    boolean keep = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      if (arg.equals("--keep")) {
        keep = true;
        continue;
      }
      if (arg.equals("--help") || arg.equals("-h")) {
        throw new HelpRequested();
      }
      if (!VALUED.contains(arg)) {
        throw new IllegalArgumentException("unknown option " + arg);
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        value = args[++i];
      }
      try {
        switch (arg) {
          case "--url" -> url = value;
          case "--token" -> token = value;
          case "--api-key" -> apiKey = value;
          case "--big-size" -> bigSize = size(value);
          case "--small-count" -> smallCount = Integer.parseInt(value);
          case "--small-size" -> smallSize = Math.toIntExact(size(value));
          case "--concurrency" -> concurrency = Integer.parseInt(value);
          case "--warmup" -> warmup = Integer.parseInt(value);
          default -> throw new IllegalStateException("unhandled option " + arg);
        }
      } catch (NumberFormatException | ArithmeticException e) {
        throw new IllegalArgumentException(arg + " needs a number, not " + value);
      }
    }
    if (token != null && apiKey != null) {
      throw new IllegalArgumentException("give --token or --api-key, not both");
    }
    // Flags first, then the environment, then the token file that ./silo serve writes.
    if (token == null && apiKey == null) {
      token = env("SILO_ADMIN_TOKEN", null);
      apiKey = token == null ? env("SILO_API_KEY", null) : null;
      token = token == null && apiKey == null ? tokenFile() : token;
    }
    return new BenchOptions(
        URI.create(url.replaceAll("/+$", "")),
        token,
        apiKey,
        bigSize,
        smallCount,
        smallSize,
        concurrency,
        warmup,
        keep);
  }

  /** Bytes, or a number with K/M/G (binary) suffix: 4096, 4KiB, 256M, 1GiB. */
  static long size(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
    int shift =
        switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
          case 'k' -> 10;
          case 'm' -> 20;
          case 'g' -> 30;
          case 't' -> 40;
          default -> 0;
        };
    String number = shift == 0 ? t : t.substring(0, t.length() - 1);
    return Long.parseLong(number.strip()) << shift;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  private static String tokenFile() {
    Path file = Path.of(env("SILO_DATA_DIR", "data"), "admin.token");
    try {
      return Files.isReadable(file) ? Files.readString(file).strip() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** --help was given. */
  static final class HelpRequested extends RuntimeException {
    HelpRequested() {
      super(null, null, false, false);
    }
  }
}
