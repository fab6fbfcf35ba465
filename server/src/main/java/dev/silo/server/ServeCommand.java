package dev.silo.server;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code silo serve}: start the server and run until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start Silo (by default: filesystem + SQLite in ./data, on 127.0.0.1).")
final class ServeCommand implements java.util.concurrent.Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", description = "HTTP port (SILO_PORT, default 8080; 0 picks a free one)")
  String port;

  @Option(names = "--host", description = "address to bind (SILO_HOST, default 127.0.0.1; 0.0.0.0 for every interface)")
  String host;

  @Option(names = "--data-dir", description = "data directory (SILO_DATA_DIR, default ./data)")
  String dataDir;

  @Option(names = "--database-url", description = "JDBC URL of the metadata store (SILO_DATABASE_URL)")
  String databaseUrl;

  @Option(names = "--tenants-file", description = "declarative tenants file (SILO_TENANTS_FILE)")
  String tenantsFile;

  @Option(names = "--cors-origins", description = "comma-separated allowed origins (SILO_CORS_ORIGINS)")
  String corsOrigins;

  @Option(names = "--public-url", description = "base of the URLs Silo hands out (SILO_PUBLIC_URL)")
  String publicUrl;

  @Option(names = "--config", description = "a properties file of SILO_* settings (SILO_CONFIG)")
  String config;

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    Map<String, String> flags = new HashMap<>();
    flags.put("SILO_PORT", port);
    flags.put("SILO_HOST", host);
    flags.put("SILO_DATA_DIR", dataDir);
    flags.put("SILO_DATABASE_URL", databaseUrl);
    flags.put("SILO_TENANTS_FILE", tenantsFile);
    flags.put("SILO_CORS_ORIGINS", corsOrigins);
    flags.put("SILO_PUBLIC_URL", publicUrl);
    flags.put("SILO_CONFIG", config);
    if (port != null && !port.strip().matches("\\d{1,5}")) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--port must be a port number (0-65535), not '" + port + "'");
    }
    Silo silo;
    Config config = null;
    try {
      config = Config.load(flags, System.getenv());
      silo = Silo.start(config);
    } catch (Exception e) {
      // one line naming the setting; the stack trace only for whoever asked for it
      System.err.println("silo: cannot start: " + StartFailure.explain(e, config));
      if ("DEBUG".equalsIgnoreCase(System.getenv("SILO_LOG_LEVEL")) || "TRACE".equalsIgnoreCase(System.getenv("SILO_LOG_LEVEL"))) {
        e.printStackTrace();
      }
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        silo.close();
      } catch (Exception e) {
        System.err.println("silo: error while stopping: " + e);
      }
      stopped.countDown();
    }));
    // what is bound, not what links say: a reader must see at once whether the network can reach it
    // both lines in one write: whoever waits for the first (a script, a test) then has the S3 port too
    System.out.printf("Silo listening on %s (port %d), started in %d ms%nS3 endpoint on %s (port %d)%n",
        silo.boundUrl(silo.port()), silo.port(), (System.nanoTime() - started) / 1_000_000,
        silo.boundUrl(silo.s3Port()), silo.s3Port());
    if (!silo.publicUrl().equals(silo.boundUrl(silo.port()))) {
      System.out.printf("Links point at %s (SILO_PUBLIC_URL), S3 clients at %s%n", silo.publicUrl(), silo.s3Url());
    }
    String token = silo.generatedAdminToken();
    if (token != null) {
      System.out.println("Operator token (shown once; also saved with mode 0600 in the data directory as admin.token):");
      System.out.println("  " + token);
    }
    System.out.flush();
    stopped.await();
    return 0;
  }
}
