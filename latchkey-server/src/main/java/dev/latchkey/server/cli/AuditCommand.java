package dev.latchkey.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code latchkey audit}: the audit trail of the workspace. */
@Command(
    name = "audit",
    description = "Read the audit trail.",
    footer = ExitCodes.FOOTER,
    subcommands = {AuditCommand.ListCommand.class})
public final class AuditCommand {
  @Mixin HelpOption help;

  @Command(name = "list", description = "Lists audit events, newest first.")
  static final class ListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin ConnectionOptions connection;
    @Mixin PageOptions page;

    @Override
    public Integer call() {
      return Remote.call(
          spec,
          connection,
          (client, out) -> {
            out.page(client.audit().list(page.size, page.token), Views.AUDIT);
            return ExitCodes.OK;
          });
    }
  }
}
