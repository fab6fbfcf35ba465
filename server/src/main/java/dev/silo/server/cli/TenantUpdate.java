package dev.silo.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.silo.server.cli.SiloClient.ApiError;
import dev.silo.server.cli.SiloClient.Response;
import dev.silo.server.cli.SiloClient.Unreachable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

@Command(
    name = "update",
    description = {
      "Change a tenant's name, status or limits (PATCH /v1/tenants/{slug}).",
      "Only the options given change; a suspended tenant keeps its data but its credentials are refused."
    })
final class TenantUpdate extends ClientCommand {
  /** The wire values of a tenant's status. */
  enum Status {
    active,
    suspended
  }

  @Parameters(paramLabel = "SLUG")
  String slug;

  @Option(names = "--name", paramLabel = "NAME")
  String name;

  @Option(names = "--status", paramLabel = "STATUS", description = "active or suspended.")
  Status status;

  @Mixin LimitOptions limits;

  @Override
  void run(SiloClient client, PrintWriter out) throws ApiError, Unreachable {
    Response response = client.patch(ApiPaths.tenant(slug), body());
    if (printedJson(response, out)) {
      return;
    }
    out.println("Updated tenant " + slug + ".");
    TenantFormat.printDetails(response.json(), out);
  }

  private ObjectNode body() {
    ObjectNode body = SiloClient.JSON.createObjectNode();
    if (name != null) {
      body.put("name", name);
    }
    if (status != null) {
      body.put("status", status.name());
    }
    ObjectNode limitsJson = limits.toJson(spec);
    if (limitsJson != null) {
      body.set("limits", limitsJson);
    }
    if (body.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "nothing to update: give --name, --status or a limit option");
    }
    return body;
  }
}
