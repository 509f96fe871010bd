package dev.latchkey.server.cli;

import dev.latchkey.api.KeyRotation;
import dev.latchkey.api.RotationPolicy;
import dev.latchkey.api.SetRotationPolicy;
import dev.latchkey.api.StartRotation;
import dev.latchkey.client.LatchkeyClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code latchkey services rotation-policy ...}, {@code latchkey keys rotation-policy ...}, {@code
 * latchkey keys rotate-now} and {@code latchkey keys rotations}: rotation through sinks.
 */
final class RotationCommands {
  private RotationCommands() {}

  /** The options of {@code rotation-policy set}, the same for a service and a key. */
  static final class PolicyOptions {
    @Option(
        names = "--max-age",
        paramLabel = "D",
        description = "Rotate this long after the last rotation, ISO-8601 (e.g. P90D).")
    String maxAge;

    @Option(
        names = "--rotate-before-expiry",
        paramLabel = "D",
        description = "Rotate this long before the key expires, ISO-8601 (e.g. P7D).")
    String rotateBeforeExpiry;

    @Option(
        names = "--grace-period",
        paramLabel = "D",
        description = "How long the old secret still verifies, PT0S to P30D (default PT24H).")
    String gracePeriod;

    @Option(
        names = "--sink",
        paramLabel = "ID",
        description = "Deliver new secrets to this sink (snk_...); none: only alert when due.")
    String sink;

    SetRotationPolicy body() {
      if (maxAge == null && rotateBeforeExpiry == null) {
        throw new UsageException("give --max-age or --rotate-before-expiry (or both)");
      }
      return new SetRotationPolicy(maxAge, rotateBeforeExpiry, gracePeriod, sink);
    }
  }

  @Command(
      name = "rotation-policy",
      description = "Set, show or remove the rotation policy of a service (default of its keys).",
      subcommands = {ServiceSet.class, ServiceGet.class, ServiceDelete.class})
  static final class OfService {
    @Mixin HelpOption help;
  }

  @Command(name = "set", description = "Sets (replaces) the service's rotation policy.")
  static final class ServiceSet extends RemoteCommand {
    @Parameters(paramLabel = "SERVICE", description = "The service id (svc_...).")
    String id;

    @Mixin PolicyOptions policy;

    @Override
    int run(LatchkeyClient client, Output out) {
      RotationPolicy p = client.services().setRotationPolicy(id, policy.body());
      out.one(p, RotationViews.of(p));
      return ExitCodes.OK;
    }
  }

  @Command(name = "get", aliases = "show", description = "Shows the service's rotation policy.")
  static final class ServiceGet extends RemoteCommand {
    @Parameters(paramLabel = "SERVICE", description = "The service id (svc_...).")
    String id;

    @Override
    int run(LatchkeyClient client, Output out) {
      RotationPolicy p = client.services().rotationPolicy(id);
      out.one(p, RotationViews.of(p));
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", description = "Removes the service's rotation policy.")
  static final class ServiceDelete extends RemoteCommand {
    @Parameters(paramLabel = "SERVICE", description = "The service id (svc_...).")
    String id;

    @Override
    int run(LatchkeyClient client, Output out) {
      client.services().deleteRotationPolicy(id);
      out.line("Removed the rotation policy of " + id + ".");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "rotation-policy",
      description = "Set, show or remove a key's own rotation policy (overrides its service's).",
      subcommands = {KeySet.class, KeyGet.class, KeyDelete.class})
  static final class OfKey {
    @Mixin HelpOption help;
  }

  @Command(name = "set", description = "Sets (replaces) the key's own rotation policy.")
  static final class KeySet extends RemoteCommand {
    @Parameters(paramLabel = "KEY", description = "The key id (key_...).")
    String id;

    @Mixin PolicyOptions policy;

    @Override
    int run(LatchkeyClient client, Output out) {
      RotationPolicy p = client.keys().setRotationPolicy(id, policy.body());
      out.one(p, RotationViews.of(p));
      return ExitCodes.OK;
    }
  }

  @Command(name = "get", aliases = "show", description = "Shows the key's own rotation policy.")
  static final class KeyGet extends RemoteCommand {
    @Parameters(paramLabel = "KEY", description = "The key id (key_...).")
    String id;

    @Override
    int run(LatchkeyClient client, Output out) {
      RotationPolicy p = client.keys().rotationPolicy(id);
      out.one(p, RotationViews.of(p));
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", description = "Removes the key's own rotation policy.")
  static final class KeyDelete extends RemoteCommand {
    @Parameters(paramLabel = "KEY", description = "The key id (key_...).")
    String id;

    @Override
    int run(LatchkeyClient client, Output out) {
      client.keys().deleteRotationPolicy(id);
      out.line("Removed the rotation policy of " + id + ".");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "rotate-now",
      description =
          "Rotates a key now through a sink: the new secret goes to the sink, not to this"
              + " terminal. Exits 0 when done; 1 when the delivery failed and it will be retried.")
  static final class RotateNow extends RemoteCommand {
    @Parameters(paramLabel = "KEY", description = "The key id (key_...).")
    String id;

    @Option(
        names = "--sink",
        paramLabel = "ID",
        description = "The sink (snk_...); default: the sink of the key's rotation policy.")
    String sink;

    @Option(
        names = "--grace-period",
        paramLabel = "D",
        description = "How long the old secret still verifies (default: the policy's, or PT24H).")
    String gracePeriod;

    @Override
    int run(LatchkeyClient client, Output out) {
      KeyRotation r = client.keys().startRotation(id, new StartRotation(sink, gracePeriod));
      out.one(r, RotationViews.of(r));
      return "done".equals(r.status()) ? ExitCodes.OK : ExitCodes.NOT_VALID;
    }
  }

  @Command(name = "rotations", description = "Lists a key's rotations through sinks, newest first.")
  static final class History extends RemoteCommand {
    @Parameters(paramLabel = "KEY", description = "The key id (key_...).")
    String id;

    @Mixin PageOptions page;

    @Override
    int run(LatchkeyClient client, Output out) {
      out.page(client.keys().rotations(id, page.size, page.token), RotationViews.ROTATIONS);
      return ExitCodes.OK;
    }
  }
}
