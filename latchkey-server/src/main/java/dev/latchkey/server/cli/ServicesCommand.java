package dev.latchkey.server.cli;

import dev.latchkey.api.CreateService;
import dev.latchkey.api.Service;
import dev.latchkey.api.UpdateService;
import dev.latchkey.client.LatchkeyClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latchkey services}: the APIs that accept keys. */
@Command(
    name = "services",
    description = "Create, list, show and change services (the APIs that accept keys).",
    footer = ExitCodes.FOOTER,
    subcommands = {
      ServicesCommand.Create.class,
      ServicesCommand.ListCommand.class,
      ServicesCommand.Get.class,
      ServicesCommand.Update.class,
      UsageCommand.OfService.class,
      RotationCommands.OfService.class
    })
public final class ServicesCommand {
  @Mixin HelpOption help;

  @Command(name = "create", description = "Creates a service.")
  static final class Create extends RemoteCommand {

    @Option(
        names = "--name",
        paramLabel = "N",
        required = true,
        description = "Unique name, e.g. payments.")
    String name;

    @Option(
        names = "--prefix",
        description = "Prefix of the keys it issues, [a-z][a-z0-9]{0,15} (default: lk).")
    String prefix;

    @Option(names = "--idempotency-key", paramLabel = "K", description = "Makes a retry safe.")
    String idempotencyKey;

    @Override
    int run(LatchkeyClient client, Output out) {
      CreateService body = new CreateService(name, prefix);
      Service service =
          idempotencyKey == null
              ? client.services().create(body)
              : client.services().create(body, idempotencyKey);
      out.one(service, Views.of(service));
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", description = "Lists services, newest first.")
  static final class ListCommand extends RemoteCommand {
    @Mixin PageOptions page;

    @Override
    int run(LatchkeyClient client, Output out) {
      out.page(client.services().list(page.size, page.token), Views.SERVICES);
      return ExitCodes.OK;
    }
  }

  @Command(name = "get", description = "Shows a service.")
  static final class Get extends RemoteCommand {

    @Parameters(paramLabel = "ID", description = "The service id (svc_...).")
    String id;

    @Override
    int run(LatchkeyClient client, Output out) {
      Service service = client.services().get(id);
      out.one(service, Views.of(service));
      return ExitCodes.OK;
    }
  }

  @Command(name = "update", description = "Changes a service's name or key prefix (new keys only).")
  static final class Update extends RemoteCommand {

    @Parameters(paramLabel = "ID", description = "The service id (svc_...).")
    String id;

    @Option(names = "--name", paramLabel = "N", description = "New name.")
    String name;

    @Option(names = "--prefix", description = "New prefix for keys issued or rotated from now on.")
    String prefix;

    @Override
    int run(LatchkeyClient client, Output out) {
      if (name == null && prefix == null) {
        throw new UsageException("nothing to change: give --name or --prefix");
      }
      Service service = client.services().update(id, new UpdateService(name, prefix));
      out.one(service, Views.of(service));
      return ExitCodes.OK;
    }
  }
}
