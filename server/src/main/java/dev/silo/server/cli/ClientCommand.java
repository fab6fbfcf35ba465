package dev.silo.server.cli;

import dev.silo.server.cli.SiloClient.ApiError;
import dev.silo.server.cli.SiloClient.Response;
import dev.silo.server.cli.SiloClient.Unreachable;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that makes requests to a running Silo. It owns the one place where outcomes become
 * exit codes, so that they hold however the root command is configured: 0 done, 1 the server
 * refused, 2 usage (picocli's own), 3 no server to talk to.
 */
abstract class ClientCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int SERVER_ERROR = 1;
  static final int USAGE = 2;
  static final int UNREACHABLE = 3;

  @Mixin Connection connection;
  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    validate(); // usage errors surface before any connection is made
    String credential = credential();
    try (SiloClient client = new SiloClient(connection.baseUri(spec), credential)) {
      run(client, out);
      return OK;
    } catch (ApiError e) {
      err.println(describe(e));
      return SERVER_ERROR;
    } catch (Unreachable e) {
      err.println(e.getMessage());
      return UNREACHABLE;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Checks the arguments beyond what picocli can; throws {@code ParameterException}. */
  void validate() {}

  /** The bearer credential this command sends; operator token unless overridden. */
  String credential() {
    return connection.operatorToken(spec);
  }

  abstract void run(SiloClient client, PrintWriter out) throws ApiError, Unreachable;

  boolean json() {
    return connection.json;
  }

  /** With {@code --json}, prints the answer as the server sent it and returns true. */
  boolean printedJson(Response response, PrintWriter out) {
    if (!json()) {
      return false;
    }
    if (response.hasBody()) {
      out.println(response.body().strip());
    }
    return true;
  }

  private static String describe(ApiError e) {
    String where =
        e.requestId() == null ? e.code() : e.code() + ", request " + e.requestId();
    String line = "error: " + e.getMessage() + " (" + where + ")";
    if (e.status() == 401) {
      line += System.lineSeparator() + "hint: check --token / SILO_ADMIN_TOKEN (or the API key)";
    }
    return line;
  }
}
