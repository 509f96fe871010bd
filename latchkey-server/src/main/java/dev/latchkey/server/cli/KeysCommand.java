package dev.latchkey.server.cli;

import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreditChange;
import dev.latchkey.api.Credits;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.Key;
import dev.latchkey.api.KeyState;
import dev.latchkey.api.UpdateKey;
import dev.latchkey.client.KeyFilter;
import dev.latchkey.client.LatchkeyClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code latchkey keys}: issue, list, show and change keys. Rotation, revocation and verification
 * live in {@link KeyVerbCommands}.
 */
@Command(
    name = "keys",
    description = "Issue, list, change, rotate, revoke and verify keys; report their access.",
    footer = ExitCodes.FOOTER,
    subcommands = {
      KeysCommand.Create.class,
      KeysCommand.ListCommand.class,
      KeysCommand.Get.class,
      KeysCommand.Update.class,
      KeyVerbCommands.Rotate.class,
      KeyVerbCommands.Revoke.class,
      KeyVerbCommands.Verify.class,
      KeysCommand.CreditsVerb.class,
      KeyAccessReportCommand.class,
      UsageCommand.OfKey.class,
      RotationCommands.OfKey.class,
      RotationCommands.RotateNow.class,
      RotationCommands.History.class
    })
public final class KeysCommand {
  @Mixin HelpOption help;

  @Command(name = "create", description = "Issues a key; its secret is printed once.")
  static final class Create extends RemoteCommand {

    @Option(names = "--service", required = true, paramLabel = "ID", description = "Service id.")
    String service;

    @Option(names = "--consumer", paramLabel = "ID", description = "Consumer id.")
    String consumer;

    @Option(names = "--name", paramLabel = "N", description = "A name to recognise it by.")
    String name;

    @Option(
        names = "--meta",
        paramLabel = "JSON",
        converter = Converters.MetaJson.class,
        description = "A JSON object kept with it and returned by verify.")
    Converters.Meta meta;

    @Option(
        names = "--expires-at",
        paramLabel = "T",
        converter = Converters.Rfc3339.class,
        description = "When it stops verifying, RFC 3339 (e.g. 2027-01-31T00:00:00Z).")
    Instant expiresAt;

    @Option(names = "--disabled", description = "Issue it disabled.")
    boolean disabled;

    @Option(
        names = "--permission",
        paramLabel = "G",
        description = "A grant it holds (repeat): resource:action, resource:* or *.")
    List<String> permissions;

    @Option(
        names = "--role",
        paramLabel = "R",
        description = "A role it holds, id or name (repeat).")
    List<String> roles;

    @Option(
        names = "--condition",
        paramLabel = "CEL",
        description = "A CEL expression that must hold at every verification.")
    String condition;

    @ArgGroup(exclusive = false, multiplicity = "0..1")
    UsageOptions.OnCreate usage = new UsageOptions.OnCreate();

    @Option(names = "--idempotency-key", paramLabel = "K", description = "Makes a retry safe.")
    String idempotencyKey;

    @Override
    int run(LatchkeyClient client, Output out) {
      CreateKey body =
          new CreateKey(
              service,
              consumer,
              name,
              meta == null ? null : meta.value(),
              expiresAt,
              disabled ? Boolean.FALSE : null,
              permissions,
              roles,
              condition,
              usage.limits,
              usage.credits());
      IssuedKey issued =
          idempotencyKey == null
              ? client.keys().create(body)
              : client.keys().create(body, idempotencyKey);
      out.issued(issued, issued.key(), Views.of(issued.data()));
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", description = "Lists keys, newest first.")
  static final class ListCommand extends RemoteCommand {
    @Mixin PageOptions page;

    @Option(names = "--service", paramLabel = "ID", description = "Only keys of this service.")
    String service;

    @Option(names = "--consumer", paramLabel = "ID", description = "Only keys of this consumer.")
    String consumer;

    @Option(
        names = "--state",
        converter = Converters.State.class,
        description = "Only keys in this state: ACTIVE, DISABLED, EXPIRED or REVOKED.")
    KeyState state;

    @Option(
        names = "--expiring-within",
        paramLabel = "PERIOD",
        converter = Converters.ExpiryWindow.class,
        description =
            "Only live keys expiring within this period from now: 7d, 12h or P7D (at most 366d).")
    Duration expiringWithin;

    @Override
    int run(LatchkeyClient client, Output out) {
      KeyFilter filter = KeyFilter.any();
      filter = expiringWithin == null ? filter : filter.expiringWithin(expiringWithin);
      filter = service == null ? filter : filter.service(service);
      filter = consumer == null ? filter : filter.consumer(consumer);
      filter = state == null ? filter : filter.state(state);
      out.page(client.keys().list(filter, page.size, page.token), Views.KEYS);
      return ExitCodes.OK;
    }
  }

  @Command(name = "get", description = "Shows a key (never its secret).")
  static final class Get extends RemoteCommand {

    @Parameters(paramLabel = "ID", description = "The key id (key_...).")
    String id;

    @Override
    int run(LatchkeyClient client, Output out) {
      Key key = client.keys().get(id);
      out.one(key, Views.of(key));
      return ExitCodes.OK;
    }
  }

  @Command(name = "update", description = "Changes a key.")
  static final class Update extends RemoteCommand {

    @Parameters(paramLabel = "ID", description = "The key id (key_...).")
    String id;

    @Option(names = "--name", paramLabel = "N", description = "New name.")
    String name;

    @Option(
        names = "--meta",
        paramLabel = "JSON",
        converter = Converters.MetaJson.class,
        description = "Replaces the JSON object kept with it.")
    Converters.Meta meta;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Expiry expiry;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Enabled enabled;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Grants grants;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Roles roles;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Condition condition;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    UsageOptions.LimitChange limits;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    UsageOptions.CreditsChange credits;

    static final class Grants {
      @Option(
          names = "--permission",
          paramLabel = "G",
          description = "Replaces the key's grants (repeat).")
      List<String> permissions;

      @Option(names = "--no-permissions", description = "The key holds no grant directly.")
      boolean none;

      List<String> value() {
        return none ? List.of() : permissions;
      }
    }

    static final class Roles {
      @Option(
          names = "--role",
          paramLabel = "R",
          description = "Replaces the key's roles (repeat).")
      List<String> roles;

      @Option(names = "--no-roles", description = "The key holds no role.")
      boolean none;

      List<String> value() {
        return none ? List.of() : roles;
      }
    }

    static final class Condition {
      @Option(names = "--condition", paramLabel = "CEL", description = "A new condition.")
      String expression;

      @Option(names = "--no-condition", description = "Removes the condition.")
      boolean none;
    }

    static final class Expiry {
      @Option(
          names = "--expires-at",
          paramLabel = "T",
          converter = Converters.Rfc3339.class,
          description = "New expiry, RFC 3339.")
      Instant at;

      @Option(names = "--no-expiry", description = "The key no longer expires.")
      boolean never;
    }

    static final class Enabled {
      @Option(names = "--enable", description = "Enable the key.")
      boolean enable;

      @Option(names = "--disable", description = "Disable the key (it stops verifying).")
      boolean disable;
    }

    @Override
    int run(LatchkeyClient client, Output out) {
      if (name == null
          && meta == null
          && expiry == null
          && enabled == null
          && grants == null
          && roles == null
          && condition == null
          && limits == null
          && credits == null) {
        throw new UsageException(
            "nothing to change: give --name, --meta, --expires-at, --no-expiry, --enable,"
                + " --disable, --permission, --no-permissions, --role, --no-roles,"
                + " --condition, --no-condition, --limit, --no-limits, --credits, --refill"
                + " or --no-credits");
      }
      Optional<Instant> expires = expiry == null ? null : Optional.ofNullable(expiry.at);
      Boolean enable = enabled == null ? null : enabled.enable;
      UpdateKey body =
          new UpdateKey(
              name,
              meta == null ? null : meta.value(),
              expires,
              enable,
              grants == null ? null : grants.value(),
              roles == null ? null : roles.value(),
              condition == null ? null : Optional.ofNullable(condition.expression),
              limits == null ? null : limits.value(),
              credits == null ? null : credits.value(() -> client.keys().get(id).credits()));
      Key key = client.keys().update(id, body);
      out.one(key, Views.of(key));
      return ExitCodes.OK;
    }
  }

  @Command(name = "credits", description = "Sets or adds to a key's credit balance.")
  static final class CreditsVerb extends CreditsCommand {
    @Override
    Credits send(LatchkeyClient client, String id, CreditChange change, String idempotencyKey) {
      return idempotencyKey == null
          ? client.keys().credits(id, change)
          : client.keys().credits(id, change, idempotencyKey);
    }
  }
}
