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
    subcommands = {ServeCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .addSubcommand("tenant", new TenantCommand())
        .addSubcommand("key", new KeyCommand())
        .addSubcommand("rclone-config", new RcloneConfigCommand())
        .addSubcommand("migrate", new MigrateCommand());
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
