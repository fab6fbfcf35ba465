package dev.silo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A process's CPU time as {@code /proc} counts it (user + system, in clock ticks of 1/100 s), in
 * all and in its JIT compiler threads: while a JVM's compiler is still busy, its CPU per request
 * measures the compiler as much as the server.
 */
final class ProcessCpu {
  private ProcessCpu() {}

  /** The process's CPU seconds so far. */
  static double seconds(long pid) throws IOException {
    return ticks(Path.of("/proc/" + pid + "/stat")) / 100.0;
  }

  /** The CPU seconds so far of the process's threads named as HotSpot names its JIT compilers. */
  static double compilerSeconds(long pid) throws IOException {
    long ticks = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          if (isCompiler(Files.readString(task.resolve("comm")).strip())) {
            ticks += ticks(task.resolve("stat"));
          }
        } catch (java.nio.file.NoSuchFileException ended) {
          // the thread ended between the listing and the read
        }
      }
    }
    return ticks / 100.0;
  }

  /** HotSpot's compiler threads are "C1 CompilerThread0", "C2 CompilerThread1"…, cut to 15 characters. */
  static boolean isCompiler(String threadName) {
    return threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre");
  }

  /** Fields 14 and 15 of a stat line (utime, stime), counted after the parenthesised name, which may hold spaces. */
  static long ticks(Path stat) throws IOException {
    String line = Files.readString(stat);
    String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
