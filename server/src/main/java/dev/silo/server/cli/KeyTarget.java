package dev.silo.server.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Whose keys a {@code key} command acts on. A TENANT argument means the operator routes; no TENANT
 * means the tenant routes, with a tenant API key, because there the credential names the tenant.
 */
final class KeyTarget {
  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      defaultValue = "${env:SILO_API_KEY}",
      description = "A tenant API key (env SILO_API_KEY) acting on its own tenant; leave out TENANT then.")
  String apiKey;

  String credential(CommandSpec spec, Connection connection, String tenant) {
    boolean apiKeyGiven = spec.commandLine().getParseResult().hasMatchedOption("--api-key");
    if (tenant != null && apiKeyGiven) {
      throw new ParameterException(
          spec.commandLine(),
          "give either TENANT (operator token) or --api-key (the key decides the tenant), not both");
    }
    if (tenant != null) {
      return connection.operatorToken(spec);
    }
    if (apiKey != null && !apiKey.isBlank()) {
      return apiKey.strip();
    }
    throw new ParameterException(
        spec.commandLine(),
        "whose keys? give a tenant slug (operator token), or --api-key / SILO_API_KEY to act on"
            + " your own tenant");
  }

  static String keysPath(String tenant) {
    return tenant == null ? "/v1/keys" : ApiPaths.tenant(tenant) + "/keys";
  }
}
