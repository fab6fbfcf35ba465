package dev.silo.server.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code silo health}: asks a local Silo whether it is ready, for container health checks, which
 * then need neither curl nor a shell (the JRE image has no curl, and {@code sh} no /dev/tcp).
 * Exit 0 ready, 1 not ready, 3 not reachable.
 */
@Command(name = "health", mixinStandardHelpOptions = true, description = "Exit 0 when the local Silo answers /readyz with 200 (for health checks).")
public final class HealthCommand implements Callable<Integer> {
  @Option(names = "--url", paramLabel = "URL", description = "Silo's address (default: http://127.0.0.1:$SILO_PORT, port 8080).")
  String url;

  @Override
  public Integer call() {
    String port = System.getenv().getOrDefault("SILO_PORT", "8080").strip();
    String base = (url != null ? url : "http://127.0.0.1:" + port).replaceAll("/+$", "");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    try {
      HttpResponse<String> r = http.send(
          HttpRequest.newBuilder(URI.create(base + "/readyz")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      System.out.println("readyz " + r.statusCode() + " " + r.body().strip());
      return r.statusCode() == 200 ? 0 : 1;
    } catch (IOException | IllegalArgumentException e) {
      System.out.println("Silo is not reachable at " + base + ": " + e);
      return 3;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 3;
    }
  }
}
