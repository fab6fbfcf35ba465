package dev.silo.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code silo key …}: API keys of a tenant. With a TENANT argument it uses the operator routes
 * {@code /v1/tenants/{tenant}/keys}; without one, a tenant API key ({@code --api-key}) manages its
 * own tenant's keys through {@code /v1/keys}.
 */
@Command(
    name = "key",
    description = {
      "Create, list and revoke API keys.",
      "With TENANT: operator token. Without TENANT: --api-key (env SILO_API_KEY) acts on its own tenant."
    },
    subcommands = {KeyCreate.class, KeyList.class, KeyRevoke.class})
public final class KeyCommand {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;
}
