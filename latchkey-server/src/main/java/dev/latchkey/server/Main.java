package dev.latchkey.server;

import dev.latchkey.server.cli.AlertsCommand;
import dev.latchkey.server.cli.AuditCommand;
import dev.latchkey.server.cli.ConsumersCommand;
import dev.latchkey.server.cli.ExitCodes;
import dev.latchkey.server.cli.KeygenCommand;
import dev.latchkey.server.cli.KeysCommand;
import dev.latchkey.server.cli.RateLimitsCommand;
import dev.latchkey.server.cli.RolesCommand;
import dev.latchkey.server.cli.RootKeysCommand;
import dev.latchkey.server.cli.ScanCommand;
import dev.latchkey.server.cli.ServicesCommand;
import dev.latchkey.server.cli.SinksCommand;
import dev.latchkey.server.cli.WebhooksCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one entry point of the jar: {@code latchkey server} and the CLI commands. */
@Command(
    name = "latchkey",
    mixinStandardHelpOptions = true,
    version = "latchkey 0.1.0",
    description = "API key management for microservices.",
    footer = ExitCodes.FOOTER,
    subcommands = {
      ServerCommand.class,
      KeygenCommand.class,
      ServicesCommand.class,
      ConsumersCommand.class,
      KeysCommand.class,
      RootKeysCommand.class,
      RolesCommand.class,
      RateLimitsCommand.class,
      AuditCommand.class,
      AlertsCommand.class,
      WebhooksCommand.class,
      SinksCommand.class,
      ScanCommand.class,
      RewrapCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  public static void main(String[] args) {
    CommandLine cli =
        new CommandLine(new Main())
            .setExecutionExceptionHandler(
                (e, commandLine, parsed) -> {
                  commandLine.getErr().println("latchkey: internal error: " + e);
                  return ExitCodes.INTERNAL;
                });
    System.exit(cli.execute(args));
  }
}
