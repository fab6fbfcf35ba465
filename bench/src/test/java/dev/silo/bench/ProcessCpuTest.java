package dev.silo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the load generator reads of a process's CPU from /proc, on this test's own JVM. */
class ProcessCpuTest {
  @Test
  void ticksAreUserPlusSystemCountedAfterANameThatHoldsSpacesAndParentheses(@TempDir Path dir) throws Exception {
    Path stat = dir.resolve("stat");
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    Files.writeString(stat, "4242 (C2 Compiler (x)) S 1 4242 4242 0 -1 4194560 10 0 0 0 1234 56 0 0 20 0 1 0\n");
    assertThat(ProcessCpu.ticks(stat)).isEqualTo(1290);
  }

  @Test
  void hotSpotsCompilerThreadsAreTheOnesCounted() {
    assertThat(ProcessCpu.isCompiler("C2 CompilerThre")).isTrue();
    assertThat(ProcessCpu.isCompiler("C1 CompilerThre")).isTrue();
    assertThat(ProcessCpu.isCompiler("ForkJoinPool-1-")).isFalse();
    assertThat(ProcessCpu.isCompiler("GC Thread#0")).isFalse();
  }

  @Test
  void aJvmThatHasCompiledSomethingShowsItsCompilersTimeAsAPartOfItsOwn() throws Exception {
    long self = ProcessHandle.current().pid();
    // work enough for the JIT to compile something, so that the compilers have used a tick or more
    long sum = 0;
    for (int i = 0; i < 50_000_000; i++) {
      sum += Integer.toHexString(i).hashCode();
    }
    assertThat(sum).isNotZero();
    double compiler = ProcessCpu.compilerSeconds(self);
    double all = ProcessCpu.seconds(self);
    assertThat(compiler).isPositive();
    assertThat(compiler).isLessThan(all);
  }
}
