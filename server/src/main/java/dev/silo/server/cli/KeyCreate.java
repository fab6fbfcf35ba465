package dev.silo.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.silo.server.cli.SiloClient.ApiError;
import dev.silo.server.cli.SiloClient.Response;
import dev.silo.server.cli.SiloClient.Unreachable;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "create",
    description = "Create an API key; the key is printed once and cannot be shown again.")
final class KeyCreate extends ClientCommand {
  /** The wire values of a key's scopes. */
  enum Scope {
    read,
    write,
    delete,
    admin
  }

  @Parameters(paramLabel = "TENANT", arity = "0..1", description = "Tenant slug (operator).")
  String tenant;

  @Option(names = "--name", paramLabel = "NAME", defaultValue = "cli", description = "A label, e.g. the app using it (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--scope",
      paramLabel = "SCOPE",
      split = ",",
      description = "read, write, delete or admin; repeat for several (default: all).")
  List<Scope> scopes;

  @Mixin KeyTarget target;

  @Option(names = {"-q", "--quiet"}, description = "Print only the key (for scripts: KEY=$(silo key create acme -q)).")
  boolean quiet;

  @Override
  String credential() {
    return target.credential(spec, connection, tenant);
  }

  @Override
  void run(SiloClient client, PrintWriter out) throws ApiError, Unreachable {
    ObjectNode body = SiloClient.JSON.createObjectNode();
    body.put("name", name);
    if (scopes != null && !scopes.isEmpty()) {
      ArrayNode array = body.putArray("scopes");
      scopes.stream().distinct().forEach(s -> array.add(s.name()));
    }
    Response response = client.post(KeyTarget.keysPath(tenant), body);
    if (printedJson(response, out)) {
      return;
    }
    JsonNode key = response.json();
    if (quiet) {
      out.println(SiloClient.text(key, "key"));
      return;
    }
    out.println(
        "Created API key "
            + SiloClient.text(key, "id")
            + " \""
            + SiloClient.text(key, "name")
            + "\""
            + (tenant == null ? "" : " for tenant " + tenant)
            + " (scopes: "
            + KeyList.scopes(key.get("scopes"))
            + ").");
    out.println();
    out.println("    " + SiloClient.text(key, "key"));
    out.println();
    out.println("Copy it now: Silo keeps only a hash and will not show this key again.");
  }
}
