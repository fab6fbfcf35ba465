package dev.silo.core.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PureMemoTest {

  @Test
  void computesEachArgumentOnceAndStaysWithinItsCapacity() {
    AtomicInteger calls = new AtomicInteger();
    PureMemo<Integer, String> memo = new PureMemo<>(3, n -> {
      calls.incrementAndGet();
      return "v" + n;
    });

    assertEquals("v1", memo.get(1));
    assertEquals("v1", memo.get(1));
    assertEquals("v2", memo.get(2));
    assertEquals(2, calls.get(), "a known argument is not computed again");

    for (int n = 0; n < 100; n++) {
      assertEquals("v" + n, memo.get(n));
      assertTrue(memo.size() <= 3, "held: " + memo.size());
    }
  }
}
