package dev.silo.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** The commands keep their exit codes when registered under a root command, as Main does. */
class RegistrationTest {
  @Command(name = "silo")
  static final class Root {}

  @Test
  void exitCodesHoldUnderARootCommand() throws IOException {
    try (FakeSilo silo = new FakeSilo()) {
      silo.answer(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no\",\"request_id\":\"r\"}}");
      picocli.CommandLine root =
          new picocli.CommandLine(new Root())
              .addSubcommand("tenant", new TenantCommand())
              .addSubcommand("key", new KeyCommand());
      root.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
      root.setOut(new java.io.PrintWriter(new java.io.StringWriter()));

      assertThat(root.execute("tenant", "show", "x", "--url", silo.url(), "--token", "t")).isEqualTo(1);
      assertThat(root.execute("key", "list", "x", "--url", FakeSilo.deadUrl(), "--token", "t")).isEqualTo(3);
      assertThat(root.execute("tenant", "delete", "x", "--token", "t")).isEqualTo(2);
      assertThat(root.execute("tenant")).isEqualTo(2);
    }
  }
}
