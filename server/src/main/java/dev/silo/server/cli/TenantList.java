package dev.silo.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.silo.server.cli.SiloClient.ApiError;
import dev.silo.server.cli.SiloClient.Unreachable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "list",
    description = "List tenants (GET /v1/tenants), every page of them.")
final class TenantList extends ClientCommand {
  /** The server's largest page: a list of 10,000 tenants is ten requests. */
  private static final int PAGE = 1000;

  @Option(names = "--prefix", paramLabel = "<text>", description = "Only the tenants whose slug starts with this.")
  String prefix;

  @Override
  void run(SiloClient client, PrintWriter out) throws ApiError, Unreachable {
    ArrayNode items = SiloClient.JSON.createArrayNode();
    String cursor = null;
    do {
      JsonNode page = client.get(pagePath(cursor)).json();
      page.path("items").forEach(items::add);
      cursor = SiloClient.text(page, "next_cursor");
    } while (cursor != null);
    if (json()) {
      ObjectNode all = SiloClient.JSON.createObjectNode();
      all.set("items", items);
      all.putNull("next_cursor");
      out.println(all);
      return;
    }
    if (items.isEmpty()) {
      out.println(prefix == null ? "No tenants. Create one with: silo tenant create <slug>" : "No tenant's slug starts with " + prefix + ".");
      return;
    }
    Table table = TenantFormat.table();
    items.forEach(t -> TenantFormat.addRow(table, t));
    table.print(out);
  }

  private String pagePath(String cursor) {
    StringBuilder path = new StringBuilder("/v1/tenants?limit=").append(PAGE);
    if (prefix != null) {
      path.append("&prefix=").append(ApiPaths.segment(prefix));
    }
    if (cursor != null) {
      path.append("&cursor=").append(ApiPaths.segment(cursor));
    }
    return path.toString();
  }
}
