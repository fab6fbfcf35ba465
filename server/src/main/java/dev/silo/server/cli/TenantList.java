package dev.silo.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.silo.server.cli.SiloClient.ApiError;
import dev.silo.server.cli.SiloClient.Response;
import dev.silo.server.cli.SiloClient.Unreachable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

@Command(
    name = "list",
    description = "List tenants (GET /v1/tenants).")
final class TenantList extends ClientCommand {
  @Override
  void run(SiloClient client, PrintWriter out) throws ApiError, Unreachable {
    Response response = client.get("/v1/tenants");
    if (printedJson(response, out)) {
      return;
    }
    JsonNode items = response.json().path("items");
    if (items.isEmpty()) {
      out.println("No tenants. Create one with: silo tenant create <slug>");
      return;
    }
    Table table = TenantFormat.table();
    items.forEach(t -> TenantFormat.addRow(table, t));
    table.print(out);
  }
}
