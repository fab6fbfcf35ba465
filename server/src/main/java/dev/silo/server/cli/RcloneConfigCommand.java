package dev.silo.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.silo.server.LocalMasterKey;
import dev.silo.server.cli.SiloClient.ApiError;
import dev.silo.server.cli.SiloClient.Unreachable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code silo rclone-config}: creates an S3 credential (the secret exists only in this answer),
 * or with {@code --reuse} re-derives the secret of an existing one, and prints an rclone remote
 * for it, or writes it into an rclone.conf, with the mount and bisync command lines of a profile.
 * The command lines work on rclone 1.60 (Debian 12's) and newer.
 */
@Command(
    name = "rclone-config",
    description = {
      "Create S3 credentials and print an rclone remote for them (rclone 1.60 or newer).",
      "With TENANT: operator token. Without TENANT: --api-key (env SILO_API_KEY) for its own tenant."
    })
public final class RcloneConfigCommand extends ClientCommand {
  /** The oldest rclone whose bisync takes every flag printed here. */
  static final String MIN_RCLONE = "1.60";

  /** Mount cache and bisync safety settings; bisync's conflict flags need rclone 1.66, so they are extras. */
  enum Profile {
    safe("15s", "10s", 10, true, "--conflict-resolve none --conflict-suffix .conflict-{DateTimeExt}"),
    balanced("10s", "5s", 25, true, "--conflict-resolve newer"),
    fast("5s", "3s", 50, false, "--conflict-resolve newer");

    final String dirCacheTime;
    final String pollInterval;
    final int maxDelete;
    final boolean checkAccess;
    final String newerConflicts;

    Profile(String dirCacheTime, String pollInterval, int maxDelete, boolean checkAccess, String newerConflicts) {
      this.dirCacheTime = dirCacheTime;
      this.pollInterval = pollInterval;
      this.maxDelete = maxDelete;
      this.checkAccess = checkAccess;
      this.newerConflicts = newerConflicts;
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

  @Option(names = "--write", paramLabel = "FILE", description = "Put the remote into this rclone.conf (created with mode 0600, its directory 0700), replacing a section of the same name.")
  Path write;

  @Option(names = "--reuse", paramLabel = "ACCESS_KEY_ID", description = "Print the remote of this existing credential instead of creating one (needs the server's master key: run where SILO_MASTER_KEY or data/master.key is).")
  String reuse;

  @Mixin KeyTarget target;

  /** Where --reuse looks for the master key: SILO_MASTER_KEY, SILO_DATA_DIR and the rest of the settings. */
  private final java.util.Map<String, String> environment;

  public RcloneConfigCommand() {
    this(System.getenv());
  }

  public RcloneConfigCommand(java.util.Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  String credential() {
    return target.credential(spec, connection, tenant);
  }

  @Override
  void run(SiloClient client, PrintWriter out) throws ApiError, Unreachable {
    String base = tenant == null ? "/v1/s3-credentials" : ApiPaths.tenant(tenant) + "/s3-credentials";
    JsonNode info = tenant == null ? client.get("/v1/mount-info").json() : client.getAsTenant("/v1/mount-info", tenant).json();
    JsonNode credential = reuse != null ? existing(client, base, info) : created(client, base);
    String owner = tenant != null ? tenant : SiloClient.text(info, "tenant");
    String scoped = credential.path("bucket").isTextual() ? credential.path("bucket").asText() : null;
    String target = bucket != null ? bucket : scoped != null ? scoped : SiloClient.text(info, "bucket");
    String name = remote != null ? remote : "silo-" + owner;
    String section = remote(name, credential);
    if (write != null) {
      try {
        writeSection(write, name, section);
      } catch (IOException e) {
        // the secret exists only in this answer: show it before saying the file failed
        out.print(section);
        out.flush();
        throw new ApiError(0, "file_error", "cannot write " + write + " (" + e + "); the remote above was not saved: copy it", null);
      }
      out.println("Wrote remote [" + name + "] to " + write + " (S3 credential " + SiloClient.text(credential, "access_key_id") + ").");
    } else {
      out.print(section);
    }
    out.println();
    out.println("# " + profile.name() + " profile (rclone " + MIN_RCLONE + " or newer):");
    out.println("#   rclone mount " + name + ":" + target + " ~/silo-" + owner + " --vfs-cache-mode writes --dir-cache-time "
        + profile.dirCacheTime + " --poll-interval " + profile.pollInterval + " --daemon");
    out.println("#   " + bisync(name + ":" + target, "~/silo-" + owner, profile) + "   (add --resync the first time)");
    out.println("#   rclone 1.66 or newer may add: --resilient --create-empty-src-dirs " + profile.newerConflicts);
    if (profile.checkAccess) {
      out.println("#   --check-access needs an RCLONE_TEST file on both sides: rclone touch " + name + ":" + target
          + "/RCLONE_TEST && touch ~/silo-" + owner + "/RCLONE_TEST");
    }
  }

  /** The bisync command line of a profile, flags rclone 1.60 knows only. */
  static String bisync(String remotePath, String localPath, Profile profile) {
    return "rclone bisync " + localPath + " " + remotePath + " --max-delete " + profile.maxDelete
        + (profile.checkAccess ? " --check-access" : "");
  }

  private JsonNode created(SiloClient client, String base) throws ApiError, Unreachable {
    ObjectNode body = SiloClient.JSON.createObjectNode();
    body.put("description", description);
    if (bucket != null) {
      body.put("bucket", bucket);
    }
    return client.post(base, body).json();
  }

  /**
   * An existing credential with its secret re-derived here: Silo stores no S3 secret (each is an
   * HMAC of the id under the master key), so only a holder of the master key can show it again.
   */
  private JsonNode existing(SiloClient client, String base, JsonNode info) throws ApiError, Unreachable {
    JsonNode found = null;
    for (JsonNode item : client.get(base).json().path("items")) {
      if (reuse.equals(item.path("access_key_id").asText()) && item.path("revoked_at").isNull()) {
        found = item;
      }
    }
    if (found == null) {
      throw new ApiError(404, "not_found", "no active S3 credential " + reuse + " for this tenant (silo rclone-config without --reuse makes one)", null);
    }
    String secret =
        LocalMasterKey.s3Secret(reuse, environment)
            .orElseThrow(() -> new ApiError(0, "secret_not_derivable",
                "the secret of " + reuse + " cannot be shown again here: Silo never stores S3 secrets but derives them"
                    + " from the master key, which this machine does not have (SILO_MASTER_KEY, or master.key in"
                    + " SILO_DATA_DIR / ./data). Run this where the server's master key is, or drop --reuse to create"
                    + " a new credential (and revoke the old one).", null));
    ObjectNode credential = found.deepCopy();
    credential.put("secret_access_key", secret);
    credential.put("endpoint", SiloClient.text(info, "endpoint"));
    credential.put("region", SiloClient.text(info, "region"));
    return credential;
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

  /**
   * Puts {@code section} into the file in place of a section of the same name (or at the end),
   * through a temporary file of mode 0600 moved over the old one, so the file is never half
   * written and never readable by others; a missing directory is made with mode 0700.
   */
  static void writeSection(Path file, String name, String section) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    List<String> kept = new ArrayList<>();
    if (Files.exists(file)) {
      boolean skipping = false;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String t = line.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
          skipping = t.equals("[" + name + "]");
        }
        if (!skipping) {
          kept.add(line);
        }
      }
    }
    while (!kept.isEmpty() && kept.getLast().isBlank()) {
      kept.removeLast();
    }
    StringBuilder text = new StringBuilder();
    kept.forEach(line -> text.append(line).append('\n'));
    if (!kept.isEmpty()) {
      text.append('\n');
    }
    text.append(section);
    Path tmp = Files.createTempFile(dir, ".rclone-", ".conf", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
