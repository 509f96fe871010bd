package dev.latchkey.server.cli;

import dev.latchkey.api.CreateRole;
import dev.latchkey.api.Role;
import dev.latchkey.api.UpdateRole;
import dev.latchkey.client.LatchkeyClient;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latchkey roles}: named sets of key permissions. */
@Command(
    name = "roles",
    description = "Create, list, show and change roles (named sets of key permissions).",
    footer = ExitCodes.FOOTER,
    subcommands = {
      RolesCommand.Create.class,
      RolesCommand.ListCommand.class,
      RolesCommand.Get.class,
      RolesCommand.Update.class
    })
public final class RolesCommand {
  private static final String GRANT =
      "A key permission (repeat): resource:action, resource:* or *.";

  @Mixin HelpOption help;

  @Command(name = "create", description = "Creates a role.")
  static final class Create extends RemoteCommand {

    @Parameters(paramLabel = "NAME", description = "Unique name, e.g. order-reader.")
    String name;

    @Option(names = "--permission", paramLabel = "P", description = GRANT + " None: an empty role.")
    List<String> permissions;

    @Option(names = "--description", paramLabel = "D", description = "What the role is for.")
    String description;

    @Option(
        names = "--condition",
        paramLabel = "CEL",
        description = "A CEL expression that must hold for the permissions to count.")
    String condition;

    @Option(names = "--idempotency-key", paramLabel = "K", description = "Makes a retry safe.")
    String idempotencyKey;

    @Override
    int run(LatchkeyClient client, Output out) {
      CreateRole body =
          new CreateRole(
              name,
              description,
              permissions == null ? List.of() : List.copyOf(permissions),
              condition);
      Role role =
          idempotencyKey == null
              ? client.roles().create(body)
              : client.roles().create(body, idempotencyKey);
      out.one(role, Views.of(role));
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", description = "Lists roles, newest first.")
  static final class ListCommand extends RemoteCommand {
    @Mixin PageOptions page;

    @Override
    int run(LatchkeyClient client, Output out) {
      out.page(client.roles().list(page.size, page.token), Views.ROLES);
      return ExitCodes.OK;
    }
  }

  @Command(name = "get", description = "Shows a role.")
  static final class Get extends RemoteCommand {

    @Parameters(paramLabel = "ID", description = "The role id (role_...).")
    String id;

    @Override
    int run(LatchkeyClient client, Output out) {
      Role role = client.roles().get(id);
      out.one(role, Views.of(role));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "update",
      description = "Changes a role; every key holding it sees the change at once.")
  static final class Update extends RemoteCommand {

    @Parameters(paramLabel = "ID", description = "The role id (role_...).")
    String id;

    @Option(names = "--name", paramLabel = "N", description = "New name.")
    String name;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Description description;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Permissions permissions;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Condition condition;

    static final class Description {
      @Option(names = "--description", paramLabel = "D", description = "New description.")
      String value;

      @Option(names = "--no-description", description = "Removes the description.")
      boolean clear;
    }

    static final class Permissions {
      @Option(
          names = "--permission",
          paramLabel = "P",
          description = GRANT + " Replaces the role's list whole.")
      List<String> values;

      @Option(names = "--no-permissions", description = "Empties the role's list.")
      boolean clear;
    }

    static final class Condition {
      @Option(names = "--condition", paramLabel = "CEL", description = "New condition.")
      String value;

      @Option(names = "--no-condition", description = "Removes the condition.")
      boolean clear;
    }

    @Override
    int run(LatchkeyClient client, Output out) {
      if (name == null && description == null && permissions == null && condition == null) {
        throw new UsageException(
            "nothing to change: give --name, --description, --no-description, --permission,"
                + " --no-permissions, --condition or --no-condition");
      }
      Role role = client.roles().update(id, body());
      out.one(role, Views.of(role));
      return ExitCodes.OK;
    }

    private UpdateRole body() {
      return new UpdateRole(
          name,
          description == null ? null : Optional.ofNullable(description.value),
          permissions == null
              ? null
              : permissions.clear ? List.of() : List.copyOf(permissions.values),
          condition == null ? null : Optional.ofNullable(condition.value));
    }
  }
}
