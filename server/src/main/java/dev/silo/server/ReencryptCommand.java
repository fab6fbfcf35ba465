package dev.silo.server;

import dev.silo.core.domain.Tenant;
import dev.silo.core.inline.InlineBlobs;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.support.IdGenerator;
import dev.silo.core.tenant.TenancyLayout;
import dev.silo.metadata.jdbc.JdbcMetadataStore;
import dev.silo.server.encryption.EncryptingBlobStore;
import dev.silo.server.encryption.EncryptingInlineCodec;
import dev.silo.server.encryption.KeyRing;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code silo reencrypt}: moves objects in plain text, or sealed with an older tenant key, to
 * their tenant's newest key ({@link Reencryption}). Shaped like {@code silo migrate}: the settings
 * are Silo's own (environment or {@code SILO_CONFIG}), each object is proven before it is switched,
 * and a re-run skips what is done. Run it with Silo stopped: an object switched by this command
 * while a node overwrites it would lose one of the two writes.
 */
@Command(
    name = "reencrypt",
    mixinStandardHelpOptions = true,
    description = {
      "Rewrite plain-text and old-key objects under each tenant's newest data key, verified and resumable.",
      "Size and SHA-256 of each rewritten object are checked before it is switched; re-running skips objects already done.",
      "Exit codes: 0 all done, 1 some failed."
    })
final class ReencryptCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--tenant", paramLabel = "SLUG", description = "only this tenant (repeatable; default: all tenants)")
  List<String> tenants = List.of();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Config config = Config.load(Map.of(), System.getenv());
    return run(config, out, err);
  }

  int run(Config config, PrintWriter out, PrintWriter err) throws Exception {
    TenancyLayout layout = Silo.layout(config);
    IdGenerator ids = IdGenerator.secure();
    byte[] master = Secrets.masterKey(config, ids);
    List<byte[]> previous = config.previousMasterKeys().stream().map(k -> Secrets.decodeKey("SILO_PREVIOUS_MASTER_KEYS", k)).toList();
    try (MigrateCommand.DataDirLock lock = MigrateCommand.DataDirLock.take(config);
        MetadataStore metadata = JdbcMetadataStore.open(config.databaseUrl(), config.databaseMigrationUrl());
        BlobStore raw = Silo.blobStore(config, layout)) {
      KeyRing keys = new KeyRing(metadata, layout, Silo.masterKeys(config, master, previous), Clock.systemUTC());
      keys.verify();
      BlobStore blobs = new EncryptingBlobStore(raw, keys, true);
      List<Tenant> chosen = MigrateCommand.chosen(metadata, tenants);
      InlineBlobs inline = new InlineBlobs(InlineBlobs.LIMIT, new EncryptingInlineCodec(keys, true));
      Reencryption.Report r =
          new Reencryption(metadata, blobs, inline, layout, keys, ids, Clock.systemUTC(), err::println).run(chosen);
      out.printf("tenants %d, objects %d: rewritten %d, already at the newest key %d, failed %d%n",
          chosen.size(), r.objects(), r.rewritten(), r.current(), r.failed());
      out.flush();
      return r.failed() > 0 ? 1 : 0;
    }
  }
}
