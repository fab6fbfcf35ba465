package dev.silo.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The top-level command's help and usage errors read well: whole sentences, one line per mistake. */
class MainHelpTest {
  record Run(int exit, String out, String err) {}

  static Run silo(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    cli.setUsageHelpWidth(80); // a terminal's width, whatever this one's is
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpIsACommandAndItsTextIsWhole() {
    Run help = silo("help");
    assertThat(help.exit()).as(help.err()).isZero();
    assertThat(help.out()).contains("serve").contains("migrate").contains("health").contains("./data").doesNotContain(". /data");
    String migrate = help.out().lines().dropWhile(l -> !l.strip().startsWith("migrate")).findFirst().orElseThrow();
    assertThat(help.out().substring(help.out().indexOf(migrate))).contains("verified and resumable.");
    assertThat(silo("help", "serve").out()).contains("--port").contains("127.0.0.1");
  }

  @Test
  void aUsageMistakeIsItsMessageNotTheWholeUsage() {
    Run run = silo("tenant", "create", "acme", "--url", "http://127.0.0.1:1", "--token", "t", "--max-bytes", "lots");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("silo: ").contains("--help").doesNotContain("Usage:");
    assertThat(run.err().lines().count()).isLessThanOrEqualTo(3);
  }

  @Test
  void anUnknownCommandSuggestsOne() {
    Run run = silo("serv");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("serve").doesNotContain("Usage:");
  }
}
