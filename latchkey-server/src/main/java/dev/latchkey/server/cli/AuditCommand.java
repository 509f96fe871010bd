package dev.latchkey.server.cli;

import dev.latchkey.client.LatchkeyClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code latchkey audit}: the audit trail of the workspace. */
@Command(
    name = "audit",
    description = "Read the audit trail.",
    footer = ExitCodes.FOOTER,
    subcommands = {AuditCommand.ListCommand.class})
public final class AuditCommand {
  @Mixin HelpOption help;

  @Command(name = "list", description = "Lists audit events, newest first.")
  static final class ListCommand extends RemoteCommand {
    @Mixin PageOptions page;

    @Override
    int run(LatchkeyClient client, Output out) {
      out.page(client.audit().list(page.size, page.token), Views.AUDIT);
      return ExitCodes.OK;
    }
  }
}
