package dev.latchkey.server.cli;

import dev.latchkey.api.Alert;
import dev.latchkey.api.AlertRule;
import dev.latchkey.api.AlertRuleList;
import dev.latchkey.api.Page;
import dev.latchkey.client.LatchkeyClient;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latchkey alerts}: what detection rules noticed, and the rules' automatic actions. */
@Command(
    name = "alerts",
    description = "List, show and acknowledge alerts; show and set the rules' automatic actions.",
    footer = ExitCodes.FOOTER,
    subcommands = {
      AlertsCommand.ListCommand.class,
      AlertsCommand.Show.class,
      AlertsCommand.Ack.class,
      AlertsCommand.Rules.class,
      AlertsCommand.SetRule.class
    })
public final class AlertsCommand {
  @Mixin HelpOption help;

  @Command(name = "list", description = "Lists alerts, newest first.")
  static final class ListCommand extends RemoteCommand {
    @Option(names = "--status", paramLabel = "S", description = "open or acknowledged.")
    String status;

    @Option(names = "--rule", paramLabel = "R", description = "Only this rule's alerts.")
    String rule;

    @Option(
        names = "--since",
        paramLabel = "T",
        converter = Converters.Rfc3339.class,
        description = "Only alerts last seen at or after this RFC 3339 time.")
    Instant since;

    @Mixin PageOptions page;

    @Override
    int run(LatchkeyClient client, Output out) {
      out.page(client.alerts().list(status, rule, since, page.size, page.token), AlertViews.ALERTS);
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", aliases = "get", description = "Shows an alert.")
  static final class Show extends RemoteCommand {
    @Parameters(paramLabel = "ID", description = "The alert id (alert_...).")
    String id;

    @Override
    int run(LatchkeyClient client, Output out) {
      Alert alert = client.alerts().get(id);
      out.one(alert, AlertViews.of(alert));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "ack",
      description = "Acknowledges an alert; the next occurrence opens a new one.")
  static final class Ack extends RemoteCommand {
    @Parameters(paramLabel = "ID", description = "The alert id (alert_...).")
    String id;

    @Option(names = "--note", paramLabel = "N", description = "Why, for the audit log.")
    String note;

    @Override
    int run(LatchkeyClient client, Output out) {
      Alert alert = client.alerts().acknowledge(id, note);
      out.one(alert, AlertViews.of(alert));
      return ExitCodes.OK;
    }
  }

  @Command(name = "rules", description = "Lists the rules and their automatic actions.")
  static final class Rules extends RemoteCommand {
    @Override
    int run(LatchkeyClient client, Output out) {
      AlertRuleList rules = new AlertRuleList(client.alerts().rules());
      out.page(new Page<>(rules.items(), null), AlertViews.RULES);
      return ExitCodes.OK;
    }
  }

  @Command(name = "set-rule", description = "Sets a rule's automatic action.")
  static final class SetRule extends RemoteCommand {
    @Parameters(paramLabel = "RULE", description = "The rule, e.g. secret_leaked.")
    String rule;

    @Option(
        names = "--action",
        paramLabel = "A",
        required = true,
        description = "none, or disable_key (disables the key an alert is about).")
    String action;

    @Override
    int run(LatchkeyClient client, Output out) {
      AlertRule set = client.alerts().setRule(rule, action);
      out.one(set, java.util.Map.of("rule", set.rule(), "action", set.action()));
      return ExitCodes.OK;
    }
  }
}
