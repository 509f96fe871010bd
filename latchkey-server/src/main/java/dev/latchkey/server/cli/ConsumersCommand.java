package dev.latchkey.server.cli;

import dev.latchkey.api.Consumer;
import dev.latchkey.api.CreateConsumer;
import dev.latchkey.api.CreditChange;
import dev.latchkey.api.Credits;
import dev.latchkey.api.UpdateConsumer;
import dev.latchkey.client.LatchkeyClient;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latchkey consumers}: who holds keys. */
@Command(
    name = "consumers",
    description =
        "Create, list, show and change consumers (who holds keys), their limits and credits.",
    footer = ExitCodes.FOOTER,
    subcommands = {
      ConsumersCommand.Create.class,
      ConsumersCommand.ListCommand.class,
      ConsumersCommand.Get.class,
      ConsumersCommand.Update.class,
      ConsumersCommand.CreditsVerb.class
    })
public final class ConsumersCommand {
  @Mixin HelpOption help;

  @Command(name = "create", description = "Creates a consumer.")
  static final class Create extends RemoteCommand {

    @Option(
        names = "--name",
        paramLabel = "N",
        required = true,
        description = "Name, e.g. orders or acme.")
    String name;

    @Option(names = "--external-id", paramLabel = "X", description = "Your own id for it.")
    String externalId;

    @Option(
        names = "--meta",
        paramLabel = "JSON",
        converter = Converters.MetaJson.class,
        description = "A JSON object kept with it, e.g. '{\"tier\":\"gold\"}'.")
    Converters.Meta meta;

    @ArgGroup(exclusive = false, multiplicity = "0..1")
    UsageOptions.OnCreate usage = new UsageOptions.OnCreate();

    @Option(names = "--idempotency-key", paramLabel = "K", description = "Makes a retry safe.")
    String idempotencyKey;

    @Override
    int run(LatchkeyClient client, Output out) {
      CreateConsumer body =
          new CreateConsumer(
              name, externalId, meta == null ? null : meta.value(), usage.limits, usage.credits());
      Consumer consumer =
          idempotencyKey == null
              ? client.consumers().create(body)
              : client.consumers().create(body, idempotencyKey);
      out.one(consumer, Views.of(consumer));
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", description = "Lists consumers, newest first.")
  static final class ListCommand extends RemoteCommand {
    @Mixin PageOptions page;

    @Override
    int run(LatchkeyClient client, Output out) {
      out.page(client.consumers().list(page.size, page.token), Views.CONSUMERS);
      return ExitCodes.OK;
    }
  }

  @Command(name = "get", description = "Shows a consumer.")
  static final class Get extends RemoteCommand {

    @Parameters(paramLabel = "ID", description = "The consumer id (con_...).")
    String id;

    @Override
    int run(LatchkeyClient client, Output out) {
      Consumer consumer = client.consumers().get(id);
      out.one(consumer, Views.of(consumer));
      return ExitCodes.OK;
    }
  }

  @Command(name = "update", description = "Changes a consumer.")
  static final class Update extends RemoteCommand {

    @Parameters(paramLabel = "ID", description = "The consumer id (con_...).")
    String id;

    @Option(names = "--name", paramLabel = "N", description = "New name.")
    String name;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    ExternalId externalId;

    @Option(
        names = "--meta",
        paramLabel = "JSON",
        converter = Converters.MetaJson.class,
        description = "Replaces the JSON object kept with it.")
    Converters.Meta meta;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    UsageOptions.LimitChange limits;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    UsageOptions.CreditsChange credits;

    static final class ExternalId {
      @Option(names = "--external-id", paramLabel = "X", description = "New external id.")
      String value;

      @Option(names = "--no-external-id", description = "Removes the external id.")
      boolean clear;
    }

    @Override
    int run(LatchkeyClient client, Output out) {
      if (name == null && externalId == null && meta == null && limits == null && credits == null) {
        throw new UsageException(
            "nothing to change: give --name, --external-id, --no-external-id, --meta, --limit,"
                + " --no-limits, --credits, --refill or --no-credits");
      }
      Optional<String> external = externalId == null ? null : Optional.ofNullable(externalId.value);
      UpdateConsumer body =
          new UpdateConsumer(
              name,
              external,
              meta == null ? null : meta.value(),
              limits == null ? null : limits.value(),
              credits == null ? null : credits.value(() -> client.consumers().get(id).credits()));
      Consumer consumer = client.consumers().update(id, body);
      out.one(consumer, Views.of(consumer));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "credits",
      description = "Sets or adds to a consumer's credit balance, shared by all its keys.")
  static final class CreditsVerb extends CreditsCommand {
    @Override
    Credits send(LatchkeyClient client, String id, CreditChange change, String idempotencyKey) {
      return idempotencyKey == null
          ? client.consumers().credits(id, change)
          : client.consumers().credits(id, change, idempotencyKey);
    }
  }
}
