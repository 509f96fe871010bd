package dev.latchkey.server.cli;

import dev.latchkey.client.LatchkeyClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to a server: the common options, help, and {@link Remote}'s one mapping of
 * failures to messages and exit codes. Subclasses say only what to call and what to print.
 */
abstract class RemoteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin HelpOption help;
  @Mixin ConnectionOptions connection;

  @Override
  public final Integer call() {
    return Remote.call(spec, connection, this::run);
  }

  /** What the command does with a connected client; returns the exit code. */
  abstract int run(LatchkeyClient client, Output out);
}
