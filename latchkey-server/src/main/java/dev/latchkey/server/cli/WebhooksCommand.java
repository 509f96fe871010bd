package dev.latchkey.server.cli;

import dev.latchkey.api.CreateWebhook;
import dev.latchkey.api.IssuedWebhook;
import dev.latchkey.api.UpdateWebhook;
import dev.latchkey.api.Webhook;
import dev.latchkey.api.WebhookDelivery;
import dev.latchkey.client.LatchkeyClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latchkey webhooks}: where alerts are delivered. */
@Command(
    name = "webhooks",
    description = "Create, list, show, change and delete webhooks; see and retry their deliveries.",
    footer = ExitCodes.FOOTER,
    subcommands = {
      WebhooksCommand.Create.class,
      WebhooksCommand.ListCommand.class,
      WebhooksCommand.Show.class,
      WebhooksCommand.Update.class,
      WebhooksCommand.Delete.class,
      WebhooksCommand.RotateSecret.class,
      WebhooksCommand.Deliveries.class,
      WebhooksCommand.Retry.class
    })
public final class WebhooksCommand {
  private static final String RULE = "Only this rule's alerts (repeat); none: every rule.";

  @Mixin HelpOption help;

  @Command(name = "create", description = "Creates a webhook; prints its signing secret once.")
  static final class Create extends RemoteCommand {
    @Option(
        names = "--endpoint",
        paramLabel = "URL",
        required = true,
        description = "The http(s) URL to deliver to (--url is the Latchkey server).")
    String url;

    @Option(names = "--description", paramLabel = "D", description = "What it is for.")
    String description;

    @Option(names = "--rule", paramLabel = "R", description = RULE)
    List<String> rules;

    @Option(names = "--disabled", description = "Create it disabled.")
    boolean disabled;

    @Option(names = "--idempotency-key", paramLabel = "K", description = "Makes a retry safe.")
    String idempotencyKey;

    @Override
    int run(LatchkeyClient client, Output out) {
      CreateWebhook body =
          new CreateWebhook(
              url, description, rules == null ? null : List.copyOf(rules), disabled ? false : null);
      IssuedWebhook issued =
          idempotencyKey == null
              ? client.webhooks().create(body)
              : client.webhooks().create(body, idempotencyKey);
      out.issued(issued, issued.signingSecret(), AlertViews.of(issued.data()));
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", description = "Lists webhooks, newest first.")
  static final class ListCommand extends RemoteCommand {
    @Mixin PageOptions page;

    @Override
    int run(LatchkeyClient client, Output out) {
      out.page(client.webhooks().list(page.size, page.token), AlertViews.WEBHOOKS);
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", aliases = "get", description = "Shows a webhook.")
  static final class Show extends RemoteCommand {
    @Parameters(paramLabel = "ID", description = "The webhook id (wh_...).")
    String id;

    @Override
    int run(LatchkeyClient client, Output out) {
      Webhook w = client.webhooks().get(id);
      out.one(w, AlertViews.of(w));
      return ExitCodes.OK;
    }
  }

  @Command(name = "update", description = "Changes a webhook.")
  static final class Update extends RemoteCommand {
    @Parameters(paramLabel = "ID", description = "The webhook id (wh_...).")
    String id;

    @Option(names = "--endpoint", paramLabel = "URL", description = "New URL to deliver to.")
    String url;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Description description;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Rules rules;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Enabled enabled;

    static final class Description {
      @Option(names = "--description", paramLabel = "D", description = "New description.")
      String value;

      @Option(names = "--no-description", description = "Removes the description.")
      boolean clear;
    }

    static final class Rules {
      @Option(names = "--rule", paramLabel = "R", description = RULE + " Replaces the list.")
      List<String> values;

      @Option(names = "--all-rules", description = "Every rule's alerts.")
      boolean all;
    }

    static final class Enabled {
      @Option(names = "--enable", description = "Deliver again.")
      boolean enable;

      @Option(names = "--disable", description = "Deliver nothing until enabled.")
      boolean disable;
    }

    @Override
    int run(LatchkeyClient client, Output out) {
      if (url == null && description == null && rules == null && enabled == null) {
        throw new UsageException(
            "nothing to change: give --endpoint, --description, --no-description, --rule,"
                + " --all-rules, --enable or --disable");
      }
      Webhook w =
          client
              .webhooks()
              .update(
                  id,
                  new UpdateWebhook(
                      url,
                      description == null ? null : Optional.ofNullable(description.value),
                      rules == null ? null : rules.all ? List.of() : List.copyOf(rules.values),
                      enabled == null ? null : enabled.enable));
      out.one(w, AlertViews.of(w));
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", description = "Deletes a webhook with its deliveries.")
  static final class Delete extends RemoteCommand {
    @Parameters(paramLabel = "ID", description = "The webhook id (wh_...).")
    String id;

    @Override
    int run(LatchkeyClient client, Output out) {
      Webhook w = client.webhooks().delete(id);
      out.one(w, AlertViews.of(w));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "rotate-secret",
      description = "Issues a new signing secret; the old one also signs during the grace period.")
  static final class RotateSecret extends RemoteCommand {
    @Parameters(paramLabel = "ID", description = "The webhook id (wh_...).")
    String id;

    @Option(
        names = "--grace-period",
        paramLabel = "D",
        converter = Converters.Iso8601Duration.class,
        description = "How long the old secret also signs, PT0S to P7D (default PT24H).")
    Duration grace;

    @Override
    int run(LatchkeyClient client, Output out) {
      IssuedWebhook issued =
          client.webhooks().rotateSecret(id, grace == null ? null : grace.toString());
      out.issued(issued, issued.signingSecret(), AlertViews.of(issued.data()));
      return ExitCodes.OK;
    }
  }

  @Command(name = "deliveries", description = "Lists a webhook's deliveries, newest first.")
  static final class Deliveries extends RemoteCommand {
    @Parameters(paramLabel = "ID", description = "The webhook id (wh_...).")
    String id;

    @Option(
        names = "--status",
        paramLabel = "S",
        description = "pending, delivered or dead (the dead-letter list).")
    String status;

    @Mixin PageOptions page;

    @Override
    int run(LatchkeyClient client, Output out) {
      out.page(
          client.webhooks().deliveries(id, status, page.size, page.token), AlertViews.DELIVERIES);
      return ExitCodes.OK;
    }
  }

  @Command(name = "retry", description = "Sends a dead (or delivered) delivery again.")
  static final class Retry extends RemoteCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The webhook id (wh_...).")
    String id;

    @Parameters(index = "1", paramLabel = "DELIVERY", description = "The delivery id (dlv_...).")
    String delivery;

    @Override
    int run(LatchkeyClient client, Output out) {
      WebhookDelivery d = client.webhooks().retry(id, delivery);
      out.one(d, AlertViews.of(d));
      return ExitCodes.OK;
    }
  }
}
