package dev.silo.bench;

import dev.silo.bench.SiloHttp.BenchFailure;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many small PUTs, then GETs of the same keys, then GETs of them through signed URLs (each checks
 * the token's MAC and that the key that signed it is alive), from a fixed number of concurrent
 * workers.
 */
final class SmallObjectRun {
  private final SiloHttp http;
  private final String apiKey;
  private final int count;
  private final int size;
  private final int concurrency;
  private final byte[] body;

  SmallObjectRun(SiloHttp http, String apiKey, int count, int size, int concurrency) {
    this.http = http;
    this.apiKey = apiKey;
    this.count = count;
    this.size = size;
    this.concurrency = concurrency;
    this.body = new byte[size];
    new SplittableRandom(7).nextBytes(body);
  }

  static String key(String prefix, int i) {
    return String.format(Locale.ROOT, "bench/%s/%06d", prefix, i);
  }

  /** PUTs, GETs, then GETs through signed URLs {@code count} objects under {@code prefix}; returns the three phases. */
  List<Result> run(String prefix) throws Exception {
    String label = Result.human(size) + " x" + count + " c" + concurrency;
    Result put = phase("PUT " + label, i -> {
      http.put(apiKey, key(prefix, i), HttpRequest.BodyPublishers.ofByteArray(body), "application/octet-stream");
    });
    Result get = phase("GET " + label, i -> {
      try (InputStream in = http.get(apiKey, key(prefix, i))) {
        long n = in.transferTo(OutputStream.nullOutputStream());
        if (n != size) {
          throw new BenchFailure("GET " + key(prefix, i) + " returned " + n + " bytes, expected " + size);
        }
      }
    });
    String[] urls = new String[count];
    phase("sign", i -> urls[i] = http.sign(apiKey, key(prefix, i))); // not timed: only the GETs are
    Result signed = phase("SIGNED GET " + label, i -> {
      try (InputStream in = http.getSigned(urls[i])) {
        long n = in.transferTo(OutputStream.nullOutputStream());
        if (n != size) {
          throw new BenchFailure("signed GET " + key(prefix, i) + " returned " + n + " bytes, expected " + size);
        }
      }
    });
    return List.of(put, get, signed);
  }

  interface Operation {
    void run(int index) throws Exception;
  }

  private Result phase(String name, Operation operation) throws Exception {
    long[] latencies = new long[count];
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < concurrency; w++) {
        done.add(
            workers.submit(
                () -> {
                  for (int i; (i = next.getAndIncrement()) < count; ) {
                    long t = System.nanoTime();
                    try {
                      operation.run(i);
                    } catch (Exception e) {
                      next.set(count); // stop the other workers too
                      throw e;
                    }
                    latencies[i] = System.nanoTime() - t;
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(); // rethrows the first failure
      }
    }
    long nanos = System.nanoTime() - start;
    return new Result(name, count, (long) count * size, nanos, latencies);
  }
}
