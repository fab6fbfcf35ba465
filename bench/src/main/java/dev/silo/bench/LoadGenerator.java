package dev.silo.bench;

import dev.silo.bench.SiloHttp.BenchFailure;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.random.RandomGenerator;

/**
 * Measures a running Silo through its REST API: (a) PUT of one large streamed object, (b) GET of
 * it with a size and SHA-256 check, (c) PUT and GET of many small objects under concurrency. With
 * an operator token it works in a throw-away tenant {@code bench-<random>} that it deletes at the
 * end; with an API key it works in that key's tenant and deletes only its own objects.
 *
 * <p>Exit codes: 0 done, 1 the server failed a request, 2 bad arguments, 3 server unreachable.
 */
public final class LoadGenerator {
  private final BenchOptions options;
  private final SiloHttp http;

  private LoadGenerator(BenchOptions options, SiloHttp http) {
    this.options = options;
    this.http = http;
  }

  public static void main(String[] args) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (BenchOptions.HelpRequested help) {
      System.out.print(BenchOptions.USAGE);
      return;
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    try (SiloHttp http = new SiloHttp(options.url())) {
      System.exit(new LoadGenerator(options, http).run());
    }
  }

  private int run() {
    String slug = null;
    String apiKey = options.apiKey();
    String runId = randomId();
    List<Result> results = new ArrayList<>();
    try {
      if (apiKey == null) {
        slug = http.createTenant(options.operatorToken(), "bench-" + runId);
        apiKey = http.createKey(options.operatorToken(), slug);
      }
      System.out.printf(
          Locale.ROOT,
          "Silo bench against %s, tenant %s, %d CPUs, Java %s%n",
          options.url(),
          slug == null ? "of the API key" : slug,
          Runtime.getRuntime().availableProcessors(),
          Runtime.version());
      if (options.bigSize() > 0) {
        System.out.println("streaming " + Result.human(options.bigSize()) + " up and down…");
        results.addAll(new BigObjectRun(http, apiKey, options.bigSize(), runId).run());
      }
      if (options.smallCount() > 0) {
        if (options.warmup() > 0) {
          System.out.println("warming up with " + options.warmup() + " small objects…");
          new SmallObjectRun(http, apiKey, options.warmup(), options.smallSize(), options.concurrency())
              .run(runId + "/warmup");
        }
        System.out.println("timing " + options.smallCount() + " small objects…");
        results.addAll(
            new SmallObjectRun(http, apiKey, options.smallCount(), options.smallSize(), options.concurrency())
                .run(runId + "/small"));
      }
      System.out.println();
      System.out.print(Result.table(results));
      return 0;
    } catch (Exception e) {
      return report(e);
    } finally {
      cleanUp(slug, apiKey, runId);
    }
  }

  private int report(Exception e) {
    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
    if (cause instanceof ConnectException) {
      System.err.println(
          "cannot reach Silo at " + options.url() + ": is it running? start it with ./silo serve");
      return 3;
    }
    if (cause instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    System.err.println(
        "bench failed: " + (cause instanceof BenchFailure ? cause.getMessage() : cause.toString()));
    return 1;
  }

  private void cleanUp(String slug, String apiKey, String runId) {
    if (options.keep()) {
      System.out.println("kept " + (slug != null ? "tenant " + slug : "the objects under bench/" + runId) + " (--keep)");
      return;
    }
    try {
      if (slug != null) {
        http.deleteTenant(options.operatorToken(), slug);
      } else if (apiKey != null) {
        deleteOwnObjects(apiKey, runId);
      }
    } catch (Exception e) {
      System.err.println(
          "cleanup failed, remove "
              + (slug != null ? "tenant " + slug : "the objects under bench/" + runId)
              + " by hand: "
              + e.getMessage());
    }
  }

  /** Deletes what this run wrote into an existing tenant. */
  private void deleteOwnObjects(String apiKey, String runId) throws Exception {
    List<String> keys = new ArrayList<>();
    if (options.bigSize() > 0) {
      keys.add(BigObjectRun.key(runId));
    }
    for (int i = 0; i < options.smallCount(); i++) {
      keys.add(SmallObjectRun.key(runId + "/small", i));
    }
    for (int i = 0; i < options.warmup() && options.smallCount() > 0; i++) {
      keys.add(SmallObjectRun.key(runId + "/warmup", i));
    }
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      Semaphore semaphore = new Semaphore(options.concurrency());
      List<Future<?>> done = new ArrayList<>();
      for (String key : keys) {
        done.add(
            workers.submit(
                () -> {
                  semaphore.acquire();
                  try {
                    http.deleteObject(apiKey, key);
                  } finally {
                    semaphore.release();
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
  }

  private static String randomId() {
    RandomGenerator random = RandomGenerator.getDefault();
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      id.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
    }
    return id.toString();
  }
}
