package dev.latchkey.server.cli;

import dev.latchkey.api.Problem;
import dev.latchkey.client.LatchkeyApiException;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.LatchkeyConnectionException;
import dev.latchkey.client.LatchkeyException;
import dev.latchkey.client.LatchkeyProtocolException;
import dev.latchkey.client.UnauthorizedException;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs one networked command: connects with the common options, runs the call, and turns every
 * failure into a message on stderr and an {@link ExitCodes exit code}. The one place the CLI maps
 * failures; commands only say what to call and what to print.
 */
final class Remote {
  /** What a command does with a connected client; returns the exit code. */
  interface Action {
    int run(LatchkeyClient client, Output out);
  }

  private Remote() {}

  static int call(CommandSpec spec, ConnectionOptions connection, Action action) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (LatchkeyClient client = connection.connect()) {
      return action.run(client, new Output(out, connection.json()));
    } catch (UsageException | IllegalArgumentException e) {
      err.println("latchkey: " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (LatchkeyException e) {
      report(err, e);
      return ExitCodes.of(e);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static void report(PrintWriter err, LatchkeyException failure) {
    switch (failure) {
      case LatchkeyApiException e -> {
        Problem p = e.problem();
        err.println(
            "latchkey: "
                + (p.title() == null ? "Error" : p.title())
                + " ("
                + e.status()
                + ")"
                + (p.detail() == null ? "" : ": " + p.detail()));
        if (p.errors() != null) {
          p.errors().forEach(f -> err.println("  " + f.field() + ": " + f.message()));
        }
        e.requestId().ifPresent(id -> err.println("  request id: " + id));
        if (e instanceof UnauthorizedException) {
          err.println("  check --root-key-file or " + ConnectionOptions.ROOT_KEY_ENV);
        }
      }
      case LatchkeyConnectionException e ->
          err.println("latchkey: cannot reach the server: " + e.getMessage());
      case LatchkeyProtocolException e ->
          err.println("latchkey: unexpected answer from the server: " + e.getMessage());
    }
  }
}
