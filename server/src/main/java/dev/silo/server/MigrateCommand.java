package dev.silo.server;

import dev.silo.core.domain.Tenant;
import dev.silo.core.domain.TenantSlug;
import dev.silo.core.spi.BlobStore;
import dev.silo.core.spi.MetadataStore;
import dev.silo.core.tenant.TenancyLayout;
import dev.silo.metadata.jdbc.JdbcMetadataStore;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code silo migrate}: copies blobs from one storage configuration to another (filesystem to S3,
 * one S3 provider to another, bucket-per-tenant to prefix). Blobs keep their names and the
 * metadata store is not changed, so once every blob is copied the operator points
 * {@code SILO_STORAGE} (and its settings) at the target and restarts. Run it with Silo stopped,
 * or at least with no writes, so that no object is published after its tenant was copied.
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Copy every object's blob to another storage configuration, verified and resumable.",
      "Size and SHA-256 of each copy are checked against the metadata; re-running skips blobs already proven.",
      "Exit codes: 0 all copied, 1 some failed, 3 stopped at --limit with work left."
    })
final class MigrateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--from-config", required = true, paramLabel = "FILE",
      description = "properties file with the SILO_* settings of the source (SILO_STORAGE, SILO_TENANCY, SILO_STORAGE_S3_*, SILO_DATA_DIR, SILO_DATABASE_URL)")
  Path from;

  @Option(names = "--to-config", required = true, paramLabel = "FILE",
      description = "properties file with the SILO_* settings of the target; its metadata settings are not used")
  Path to;

  @Option(names = "--tenant", paramLabel = "SLUG", description = "migrate only this tenant (repeatable; default: all tenants)")
  List<String> tenants = List.of();

  @Option(names = "--progress", paramLabel = "FILE",
      description = "where proven blobs are recorded (default: migrate-progress.tsv in the source data directory)")
  Path progress;

  @Option(names = "--limit", paramLabel = "N", description = "copy at most N blobs in this run, then stop (default: no limit)")
  long limit = -1;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // each side is its file alone: the environment would otherwise override source and target alike
    Config source = Config.load(Map.of("SILO_CONFIG", from.toString()), Map.of());
    Config target = Config.load(Map.of("SILO_CONFIG", to.toString()), Map.of());
    if (!Objects.equals(source.databaseUrl(), target.databaseUrl())) {
      err.println("note: the configurations name different databases; the source's metadata is used ("
          + redact(source.databaseUrl()) + "), the target's database is not touched");
    }
    TenancyLayout sourceLayout = Silo.layout(source);
    TenancyLayout targetLayout = Silo.layout(target);
    Path progressFile = progress != null ? progress : source.dataDir().resolve("migrate-progress.tsv");
    // a filesystem store is opened as Silo opens it (sweeping unfinished uploads): never beside a
    // running Silo on the same data directory
    try (DataDirLock a = DataDirLock.take(source);
        DataDirLock b = target.dataDir().equals(source.dataDir()) ? null : DataDirLock.take(target);
        MetadataStore metadata = JdbcMetadataStore.open(source.databaseUrl(), source.databaseMigrationUrl());
        BlobStore sourceBlobs = Silo.blobStore(source, sourceLayout);
        BlobStore targetBlobs = Silo.blobStore(target, targetLayout)) {
      List<Tenant> chosen = chosen(metadata);
      BlobMigration.Report r =
          new BlobMigration(metadata, sourceBlobs, sourceLayout, targetBlobs, targetLayout, progressFile, err::println)
              .run(chosen, limit);
      out.printf(
          "tenants %d, objects %d (and %d inline, kept in the metadata store): copied %d (%d bytes), already done %d, failed %d%s%n",
          r.tenants(), r.objects(), r.inline(), r.copied(), r.bytes(), r.alreadyDone(), r.failed(),
          r.limited() ? "; stopped at --limit " + limit + ", run again to continue" : "");
      out.println("progress: " + progressFile);
      out.flush();
      if (r.failed() > 0) {
        return 1;
      }
      return r.limited() ? 3 : 0;
    }
  }

  /** Silo's own lock on a filesystem store's data directory, held while the command runs. */
  record DataDirLock(FileChannel channel, FileLock lock) implements AutoCloseable {
    static DataDirLock take(Config config) throws java.io.IOException {
      if (!config.storage().equals("fs")) {
        return null;
      }
      Secrets.dataDirectory(config.dataDir());
      FileChannel channel =
          FileChannel.open(config.dataDir().resolve("silo.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        lock = null; // held by a Silo in this JVM
      }
      if (lock == null) {
        channel.close();
        throw new IllegalStateException("a Silo is running on " + config.dataDir() + ": stop it first");
      }
      return new DataDirLock(channel, lock);
    }

    @Override
    public void close() throws java.io.IOException {
      lock.release();
      channel.close();
    }
  }

  private List<Tenant> chosen(MetadataStore metadata) {
    return chosen(metadata, tenants);
  }

  /** The tenants named by {@code --tenant} (all when none), or an error naming one that does not exist. */
  static List<Tenant> chosen(MetadataStore metadata, List<String> tenants) {
    List<Tenant> all = metadata.global(tx -> tx.tenants().list());
    if (tenants.isEmpty()) {
      return all;
    }
    List<TenantSlug> wanted = tenants.stream().map(TenantSlug::new).toList();
    for (TenantSlug w : wanted) {
      if (all.stream().noneMatch(t -> t.slug().equals(w))) {
        throw new IllegalArgumentException("no tenant " + w.value());
      }
    }
    return all.stream().filter(t -> wanted.contains(t.slug())).toList();
  }

  private static String redact(String jdbcUrl) {
    return jdbcUrl.replaceAll("password=[^&]*", "password=***");
  }
}
