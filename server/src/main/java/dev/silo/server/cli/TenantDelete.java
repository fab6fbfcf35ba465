package dev.silo.server.cli;

import dev.silo.server.cli.SiloClient.ApiError;
import dev.silo.server.cli.SiloClient.Unreachable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

@Command(
    name = "delete",
    description = "Delete a tenant with all its objects, buckets and keys (DELETE /v1/tenants/{slug}).")
final class TenantDelete extends ClientCommand {
  @Parameters(paramLabel = "SLUG")
  String slug;

  @Option(names = "--yes", description = "Confirm: this removes all of the tenant's data.")
  boolean yes;

  @Override
  void validate() {
    if (!yes) {
      throw new ParameterException(
          spec.commandLine(),
          "deleting tenant " + slug + " removes all its data and cannot be undone; add --yes to confirm");
    }
  }

  @Override
  void run(SiloClient client, PrintWriter out) throws ApiError, Unreachable {
    if (!printedJson(client.delete(ApiPaths.tenant(slug)), out)) {
      out.println("Deleted tenant " + slug + " and all its data.");
    }
  }
}
