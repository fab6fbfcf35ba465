package dev.silo.server.cli;

import dev.silo.server.cli.SiloClient.ApiError;
import dev.silo.server.cli.SiloClient.Unreachable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "rotate-key",
    description = "Give a tenant a new data key version for its new writes (POST /v1/tenants/{slug}/rotate-key);"
        + " `silo reencrypt --tenant SLUG` then moves its older objects.")
final class TenantRotateKey extends ClientCommand {
  @Parameters(paramLabel = "SLUG")
  String slug;

  @Override
  void run(SiloClient client, PrintWriter out) throws ApiError, Unreachable {
    SiloClient.Response r = client.post(ApiPaths.tenant(slug) + "/rotate-key", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
    if (!printedJson(r, out)) {
      out.println("Tenant " + slug + " now encrypts new writes with key version " + r.json().path("key_version").asText() + ".");
    }
  }
}
