package dev.latchkey.server.cli;

import dev.latchkey.api.CreateSink;
import dev.latchkey.api.Sink;
import dev.latchkey.api.UpdateSink;
import dev.latchkey.client.LatchkeyClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latchkey sinks}: where rotations deliver keys' secrets. */
@Command(
    name = "sinks",
    description =
        "Create, list, show, change and delete sinks (where rotated secrets are written).",
    footer = ExitCodes.FOOTER,
    subcommands = {
      SinksCommand.Create.class,
      SinksCommand.ListCommand.class,
      SinksCommand.Show.class,
      SinksCommand.Update.class,
      SinksCommand.Delete.class
    })
public final class SinksCommand {
  static final String SETTING = "A setting of the sink's type, NAME=VALUE (repeat).";
  static final String CREDENTIAL =
      "A credential, NAME=env:VARIABLE (read from the environment) or NAME=@FILE (the file's"
          + " content) (repeat). Never the value itself: the shell history and the process list"
          + " would show it.";

  @Mixin HelpOption help;

  @Command(name = "create", description = "Creates a sink; its credentials are never shown again.")
  static final class Create extends RemoteCommand {
    @Option(names = "--name", paramLabel = "N", required = true, description = "Unique name.")
    String name;

    @Option(
        names = "--type",
        paramLabel = "T",
        required = true,
        description = "file, kubernetes, vault, aws-sm, azure-kv, one_time_link (see docs).")
    String type;

    @Option(names = "--setting", paramLabel = "NAME=VALUE", description = SETTING)
    List<String> settings;

    @Option(
        names = "--credential",
        paramLabel = "NAME=env:VAR|NAME=@FILE",
        description = CREDENTIAL)
    List<String> credentials;

    @Option(names = "--idempotency-key", paramLabel = "K", description = "Makes a retry safe.")
    String idempotencyKey;

    @Override
    int run(LatchkeyClient client, Output out) {
      CreateSink body =
          new CreateSink(
              name,
              type,
              settings == null ? null : pairs(settings, "--setting"),
              credentials == null ? null : credentials(connection, credentials));
      Sink sink =
          idempotencyKey == null
              ? client.sinks().create(body)
              : client.sinks().create(body, idempotencyKey);
      out.one(sink, RotationViews.of(sink));
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", description = "Lists sinks, newest first.")
  static final class ListCommand extends RemoteCommand {
    @Mixin PageOptions page;

    @Override
    int run(LatchkeyClient client, Output out) {
      out.page(client.sinks().list(page.size, page.token), RotationViews.SINKS);
      return ExitCodes.OK;
    }
  }

  @Command(name = "get", aliases = "show", description = "Shows a sink.")
  static final class Show extends RemoteCommand {
    @Parameters(paramLabel = "ID", description = "The sink id (snk_...).")
    String id;

    @Override
    int run(LatchkeyClient client, Output out) {
      Sink sink = client.sinks().get(id);
      out.one(sink, RotationViews.of(sink));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "update",
      description = "Changes a sink; --setting and --credential each replace the whole set.")
  static final class Update extends RemoteCommand {
    @Parameters(paramLabel = "ID", description = "The sink id (snk_...).")
    String id;

    @Option(names = "--name", paramLabel = "N", description = "New name.")
    String name;

    @Option(names = "--setting", paramLabel = "NAME=VALUE", description = SETTING)
    List<String> settings;

    @Option(
        names = "--credential",
        paramLabel = "NAME=env:VAR|NAME=@FILE",
        description = CREDENTIAL)
    List<String> credentials;

    @Override
    int run(LatchkeyClient client, Output out) {
      if (name == null && settings == null && credentials == null) {
        throw new UsageException("nothing to change: give --name, --setting or --credential");
      }
      Sink sink =
          client
              .sinks()
              .update(
                  id,
                  new UpdateSink(
                      name,
                      settings == null ? null : pairs(settings, "--setting"),
                      credentials == null ? null : credentials(connection, credentials)));
      out.one(sink, RotationViews.of(sink));
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", description = "Deletes a sink no rotation policy names.")
  static final class Delete extends RemoteCommand {
    @Parameters(paramLabel = "ID", description = "The sink id (snk_...).")
    String id;

    @Override
    int run(LatchkeyClient client, Output out) {
      client.sinks().delete(id);
      out.line("Deleted sink " + id + ".");
      return ExitCodes.OK;
    }
  }

  /** {@code NAME=VALUE} pairs, in order; a repeated name is a usage error. */
  static Map<String, String> pairs(List<String> given, String option) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String pair : given) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new UsageException(option + " takes NAME=VALUE");
      }
      if (pairs.put(pair.substring(0, eq), pair.substring(eq + 1)) != null) {
        throw new UsageException(option + " names " + pair.substring(0, eq) + " twice");
      }
    }
    return pairs;
  }

  /**
   * Credentials read from where {@code NAME=env:VAR} or {@code NAME=@FILE} points. A value given on
   * the command line itself is refused, and no message quotes a value.
   */
  static Map<String, String> credentials(ConnectionOptions connection, List<String> given) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : given) {
      int eq = pair.indexOf('=');
      String name = eq <= 0 ? "" : pair.substring(0, eq);
      String source = eq <= 0 ? "" : pair.substring(eq + 1);
      if (name.isEmpty()) {
        throw new UsageException("--credential takes NAME=env:VARIABLE or NAME=@FILE");
      }
      String value;
      if (source.toLowerCase(Locale.ROOT).startsWith("env:")) {
        String variable = source.substring(4);
        value =
            connection
                .environment(variable)
                .orElseThrow(
                    () ->
                        new UsageException(
                            "--credential " + name + ": " + variable + " is not set"));
      } else if (source.startsWith("@")) {
        value = read(name, Path.of(source.substring(1)));
      } else {
        throw new UsageException(
            "--credential "
                + name
                + " must be env:VARIABLE or @FILE: a value on the command line would be seen"
                + " in the shell history and the process list");
      }
      if (values.put(name, value) != null) {
        throw new UsageException("--credential names " + name + " twice");
      }
    }
    return values;
  }

  private static String read(String name, Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UsageException(
          "--credential "
              + name
              + ": cannot read "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }
}
