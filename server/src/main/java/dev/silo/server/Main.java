package dev.silo.server;

import dev.silo.server.cli.KeyCommand;
import dev.silo.server.cli.RcloneConfigCommand;
import dev.silo.server.cli.TenantCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code silo} command: {@code serve}, and operator commands against a running server. */
@Command(
    name = "silo",
    mixinStandardHelpOptions = true,
    version = "silo 0.1.0",
    description = "Self-hostable, multi-tenant object storage.",
    subcommands = {ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main())
        .addSubcommand("tenant", new TenantCommand())
        .addSubcommand("key", new KeyCommand())
        .addSubcommand("rclone-config", new RcloneConfigCommand())
        .addSubcommand("migrate", new MigrateCommand())
        .addSubcommand("reencrypt", new ReencryptCommand())
        .addSubcommand("health", new dev.silo.server.cli.HealthCommand());
    cli.setUsageHelpAutoWidth(true);
    cli.setParameterExceptionHandler(Main::usageError);
    return cli;
  }

  /**
   * A usage mistake is the message and where to read more, not the whole usage text, which buries
   * the one line that says what was wrong.
   */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    java.io.PrintWriter err = cmd.getErr();
    err.println("silo: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more.");
    err.flush();
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
