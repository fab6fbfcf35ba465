package dev.silo.server;

import dev.silo.core.credential.s3.S3Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's master key as the machine it runs on holds it ({@code SILO_MASTER_KEY}, else
 * {@code <data>/master.key}), read without ever generating one: what lets an operator re-derive
 * an S3 secret, which Silo never stores, instead of minting a new credential.
 */
public final class LocalMasterKey {
  private LocalMasterKey() {}

  /** The secret of an access key id, or empty when no master key of its version is at hand. */
  public static Optional<String> s3Secret(String accessKeyId, Map<String, String> environment) {
    try {
      Config config = Config.load(Map.of(), environment);
      String encoded = config.masterKey();
      if (encoded == null) {
        Path file = config.dataDir().resolve("master.key");
        if (!Files.isReadable(file)) {
          return Optional.empty();
        }
        encoded = Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      byte[] current = Secrets.decodeKey("SILO_MASTER_KEY", encoded);
      List<byte[]> previous =
          config.previousMasterKeys().stream().map(k -> Secrets.decodeKey("SILO_PREVIOUS_MASTER_KEYS", k)).toList();
      return new S3Keys(Silo.s3KeyVersions(config.masterKeyVersion(), current, previous), config.masterKeyVersion())
          .secretOf(accessKeyId);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
