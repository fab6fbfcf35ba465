package dev.silo.server.cli;

import dev.silo.server.cli.SiloClient.ApiError;
import dev.silo.server.cli.SiloClient.Unreachable;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "revoke",
    description = "Revoke an API key: requests with it are refused from now on.")
final class KeyRevoke extends ClientCommand {
  @Parameters(
      paramLabel = "[TENANT] KEY_ID",
      arity = "1..2",
      hideParamSyntax = true,
      description = "The tenant slug (operator; leave out with --api-key) and the key's id.")
  List<String> args;

  @Mixin KeyTarget target;

  private String tenant() {
    return args.size() == 2 ? args.get(0) : null;
  }

  private String keyId() {
    return args.getLast();
  }

  @Override
  String credential() {
    return target.credential(spec, connection, tenant());
  }

  @Override
  void run(SiloClient client, PrintWriter out) throws ApiError, Unreachable {
    String path = KeyTarget.keysPath(tenant()) + "/" + ApiPaths.segment(keyId());
    if (!printedJson(client.delete(path), out)) {
      out.println("Revoked key " + keyId() + ".");
    }
  }
}
