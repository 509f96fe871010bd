package dev.latchkey.server.cli;

import dev.latchkey.api.CreateRootKey;
import dev.latchkey.api.IssuedRootKey;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.RootKey;
import dev.latchkey.client.LatchkeyClient;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latchkey root-keys}: the management credentials of the workspace. */
@Command(
    name = "root-keys",
    description = "Issue, list, show and revoke root (management) keys.",
    footer = ExitCodes.FOOTER,
    subcommands = {
      RootKeysCommand.Create.class,
      RootKeysCommand.ListCommand.class,
      RootKeysCommand.Get.class,
      RootKeysCommand.Revoke.class
    })
public final class RootKeysCommand {
  @Mixin HelpOption help;

  @Command(name = "create", description = "Issues a root key; its secret is printed once.")
  static final class Create extends RemoteCommand {

    @Option(
        names = "--name",
        paramLabel = "N",
        required = true,
        description = "A name to recognise it by.")
    String name;

    @Option(
        names = "--permission",
        required = true,
        paramLabel = "P",
        description =
            "A permission to grant (repeat): *, services.read, services.write, consumers.read,"
                + " consumers.write, keys.read, keys.create, keys.update, keys.rotate, keys.revoke,"
                + " keys.verify, root_keys.read, root_keys.write, roles.read, roles.write,"
                + " audit.read, events.read.")
    List<String> permissions;

    @Option(
        names = "--service",
        paramLabel = "ID",
        description = "Confines it to this service (repeat); without it, every service.")
    List<String> services;

    @Option(
        names = "--key-permission",
        paramLabel = "G",
        description = "A grant it may give to keys and roles (repeat), e.g. 'orders:*'.")
    List<String> keyPermissions;

    @Option(
        names = "--expires-at",
        paramLabel = "T",
        converter = Converters.Rfc3339.class,
        description = "When it stops working, RFC 3339.")
    Instant expiresAt;

    @Option(names = "--idempotency-key", paramLabel = "K", description = "Makes a retry safe.")
    String idempotencyKey;

    @Override
    int run(LatchkeyClient client, Output out) {
      CreateRootKey body =
          new CreateRootKey(name, List.copyOf(permissions), expiresAt, services, keyPermissions);
      IssuedRootKey issued =
          idempotencyKey == null
              ? client.rootKeys().create(body)
              : client.rootKeys().create(body, idempotencyKey);
      out.issued(issued, issued.key(), Views.of(issued.data()));
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", description = "Lists root keys, newest first.")
  static final class ListCommand extends RemoteCommand {
    @Mixin PageOptions page;

    @Override
    int run(LatchkeyClient client, Output out) {
      out.page(client.rootKeys().list(page.size, page.token), Views.ROOT_KEYS);
      return ExitCodes.OK;
    }
  }

  @Command(name = "get", description = "Shows a root key.")
  static final class Get extends RemoteCommand {

    @Parameters(paramLabel = "ID", description = "The root key id (rk_...).")
    String id;

    @Override
    int run(LatchkeyClient client, Output out) {
      RootKey key = client.rootKeys().get(id);
      out.one(key, Views.of(key));
      return ExitCodes.OK;
    }
  }

  @Command(name = "revoke", description = "Revokes a root key at once.")
  static final class Revoke extends RemoteCommand {

    @Parameters(paramLabel = "ID", description = "The root key id (rk_...).")
    String id;

    @Option(names = "--reason", paramLabel = "R", description = "Why, kept with the key.")
    String reason;

    @Override
    int run(LatchkeyClient client, Output out) {
      RootKey key = client.rootKeys().revoke(id, new RevokeKey(reason));
      out.one(key, Views.of(key));
      return ExitCodes.OK;
    }
  }
}
