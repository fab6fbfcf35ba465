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

@Command(
    name = "create",
    description = "Create a tenant (POST /v1/tenants).")
final class TenantCreate extends ClientCommand {
  @Parameters(paramLabel = "SLUG", description = "3-40 of a-z, 0-9 and -.")
  String slug;

  @Option(names = "--name", paramLabel = "NAME", description = "Display name (default: the slug).")
  String name;

  @Mixin LimitOptions limits;

  @Override
  void run(SiloClient client, PrintWriter out) throws ApiError, Unreachable {
    ObjectNode body = SiloClient.JSON.createObjectNode();
    body.put("slug", slug);
    body.put("name", name == null ? slug : name);
    ObjectNode limitsJson = limits.toJson(spec);
    if (limitsJson != null) {
      body.set("limits", limitsJson);
    }
    Response response = client.post("/v1/tenants", body);
    if (printedJson(response, out)) {
      return;
    }
    out.println("Created tenant " + slug + ".");
    TenantFormat.printDetails(response.json(), out);
    out.println();
    out.println("Next: silo key create " + slug + " --name <name>");
  }
}
