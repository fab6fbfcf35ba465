package dev.silo.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.silo.server.cli.SiloClient.ApiError;
import dev.silo.server.cli.SiloClient.Response;
import dev.silo.server.cli.SiloClient.Unreachable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "list",
    description = "List API keys (never the keys themselves, only their prefixes).")
final class KeyList extends ClientCommand {
  @Parameters(paramLabel = "TENANT", arity = "0..1", description = "Tenant slug (operator).")
  String tenant;

  @Mixin KeyTarget target;

  @Override
  String credential() {
    return target.credential(spec, connection, tenant);
  }

  @Override
  void run(SiloClient client, PrintWriter out) throws ApiError, Unreachable {
    Response response = client.get(KeyTarget.keysPath(tenant));
    if (printedJson(response, out)) {
      return;
    }
    JsonNode items = response.json().path("items");
    if (items.isEmpty()) {
      out.println("No API keys. Create one with: silo key create " + (tenant == null ? "" : tenant + " ") + "--name <name>");
      return;
    }
    Table table = new Table("ID", "NAME", "PREFIX", "SCOPES", "CREATED", "LAST USED", "REVOKED");
    for (JsonNode k : items) {
      table.add(
          SiloClient.text(k, "id"),
          SiloClient.text(k, "name"),
          SiloClient.text(k, "prefix"),
          scopes(k.get("scopes")),
          SiloClient.text(k, "created_at"),
          SiloClient.text(k, "last_used_at"),
          SiloClient.text(k, "revoked_at"));
    }
    table.print(out);
  }

  static String scopes(JsonNode scopes) {
    if (scopes == null || !scopes.isArray()) {
      return "-";
    }
    List<String> names = new ArrayList<>();
    scopes.forEach(s -> names.add(s.asText()));
    return String.join(",", names);
  }
}
