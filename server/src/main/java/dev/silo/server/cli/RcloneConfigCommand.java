package dev.silo.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.silo.server.cli.SiloClient.ApiError;
import dev.silo.server.cli.SiloClient.Unreachable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code silo rclone-config}: creates an S3 credential (the secret exists only in this answer)
 * and prints, or appends to a file, an rclone remote for it, with the mount and bisync command
 * lines of the chosen profile.
 */
@Command(
    name = "rclone-config",
    description = {
      "Create S3 credentials and print an rclone remote for them (the secret is shown only now).",
      "With TENANT: operator token. Without TENANT: --api-key (env SILO_API_KEY) for its own tenant."
    })
public final class RcloneConfigCommand extends ClientCommand {
  /** The seed's mount and bisync profiles. */
  enum Profile {
    safe("15s", "10s", "none", 10, true),
    balanced("10s", "5s", "newer", 25, true),
    fast("5s", "3s", "newer", 50, false);

    final String dirCacheTime;
    final String pollInterval;
    final String conflictResolve;
    final int maxDelete;
    final boolean checkAccess;

    Profile(String dirCacheTime, String pollInterval, String conflictResolve, int maxDelete, boolean checkAccess) {
      this.dirCacheTime = dirCacheTime;
      this.pollInterval = pollInterval;
      this.conflictResolve = conflictResolve;
      this.maxDelete = maxDelete;
      this.checkAccess = checkAccess;
    }
  }

  @Parameters(paramLabel = "TENANT", arity = "0..1", description = "Tenant slug (operator).")
  String tenant;

  @Option(names = "--remote", paramLabel = "NAME", description = "rclone remote name (default: silo-<tenant>).")
  String remote;

  @Option(names = "--bucket", paramLabel = "BUCKET", description = "Limit the credential to this bucket (default: the tenant's buckets; mounts use the default bucket).")
  String bucket;

  @Option(names = "--description", paramLabel = "TEXT", defaultValue = "rclone", description = "A label for the credential (default: ${DEFAULT-VALUE}).")
  String description;

  @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "balanced", description = "safe, balanced or fast: mount cache and bisync settings (default: ${DEFAULT-VALUE}).")
  Profile profile;

  @Option(names = "--write", paramLabel = "FILE", description = "Append the remote to this rclone.conf (mode 0600) instead of printing it.")
  Path write;

  @Mixin KeyTarget target;

  @Override
  String credential() {
    return target.credential(spec, connection, tenant);
  }

  @Override
  void run(SiloClient client, PrintWriter out) throws ApiError, Unreachable {
    ObjectNode body = SiloClient.JSON.createObjectNode();
    body.put("description", description);
    if (bucket != null) {
      body.put("bucket", bucket);
    }
    String path = tenant == null ? "/v1/s3-credentials" : ApiPaths.tenant(tenant) + "/s3-credentials";
    JsonNode created = client.post(path, body).json();
    JsonNode info = tenant == null ? client.get("/v1/mount-info").json() : null;
    String owner = tenant != null ? tenant : SiloClient.text(info, "tenant");
    String target = bucket != null ? bucket : info != null ? SiloClient.text(info, "bucket") : owner;
    String name = remote != null ? remote : "silo-" + owner;
    String section = remote(name, created);
    if (write != null) {
      append(write, section);
      out.println("Added remote [" + name + "] to " + write + " (S3 credential " + SiloClient.text(created, "access_key_id") + ").");
    } else {
      out.print(section);
    }
    out.println();
    out.println("# " + profile.name() + " profile:");
    out.println("#   rclone mount " + name + ":" + target + " ~/silo-" + owner + " --vfs-cache-mode writes --dir-cache-time "
        + profile.dirCacheTime + " --poll-interval " + profile.pollInterval
        + (profile == Profile.safe ? " --conflict-suffix .conflict-{DateTimeExt}" : "") + " --daemon");
    out.println("#   rclone bisync ~/silo-" + owner + " " + name + ":" + target + " --create-empty-src-dirs --resilient"
        + " --conflict-resolve " + profile.conflictResolve + " --max-delete " + profile.maxDelete
        + (profile.checkAccess ? " --check-access" : "") + "   (add --resync the first time)");
  }

  static String remote(String name, JsonNode created) {
    return "[" + name + "]\n"
        + "type = s3\n"
        + "provider = Other\n"
        + "access_key_id = " + SiloClient.text(created, "access_key_id") + "\n"
        + "secret_access_key = " + SiloClient.text(created, "secret_access_key") + "\n"
        + "endpoint = " + SiloClient.text(created, "endpoint") + "\n"
        + "region = " + SiloClient.text(created, "region") + "\n"
        + "force_path_style = true\n";
  }

  private static void append(Path file, String section) {
    try {
      if (!Files.exists(file)) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(file, "\n" + section, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
