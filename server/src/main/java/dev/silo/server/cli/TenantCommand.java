package dev.silo.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code silo tenant …}: the operator's tenant administration over the REST API. */
@Command(
    name = "tenant",
    description = "Create, list, show, update and delete tenants (operator token).",
    subcommands = {
      TenantCreate.class,
      TenantList.class,
      TenantShow.class,
      TenantUpdate.class,
      TenantDelete.class,
      TenantRotateKey.class
    })
public final class TenantCommand {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;
}
