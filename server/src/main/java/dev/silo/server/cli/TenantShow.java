package dev.silo.server.cli;

import dev.silo.server.cli.SiloClient.ApiError;
import dev.silo.server.cli.SiloClient.Response;
import dev.silo.server.cli.SiloClient.Unreachable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "show",
    description = "Show a tenant with its limits and usage (GET /v1/tenants/{slug}).")
final class TenantShow extends ClientCommand {
  @Parameters(paramLabel = "SLUG")
  String slug;

  @Override
  void run(SiloClient client, PrintWriter out) throws ApiError, Unreachable {
    Response response = client.get(ApiPaths.tenant(slug));
    if (!printedJson(response, out)) {
      TenantFormat.printDetails(response.json(), out);
    }
  }
}
