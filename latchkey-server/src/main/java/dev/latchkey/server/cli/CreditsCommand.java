package dev.latchkey.server.cli;

import dev.latchkey.api.CreditChange;
import dev.latchkey.api.Credits;
import dev.latchkey.client.LatchkeyClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code keys credits} and {@code consumers credits}: sets or adds to a balance, printing it after.
 * Subclasses say only which API they call.
 */
abstract class CreditsCommand extends RemoteCommand {

  @Parameters(paramLabel = "ID", description = "The key (key_...) or consumer (con_...) id.")
  String id;

  @ArgGroup(exclusive = true, multiplicity = "1")
  UsageOptions.Change change;

  @Option(
      names = "--idempotency-key",
      paramLabel = "K",
      description = "Makes a retry safe: an --add retried with the same key adds once.")
  String idempotencyKey;

  /** Sends {@code change} for {@code id}, with {@code idempotencyKey} when it is not null. */
  abstract Credits send(
      LatchkeyClient client, String id, CreditChange change, String idempotencyKey);

  @Override
  final int run(LatchkeyClient client, Output out) {
    Credits credits = send(client, id, change.value(), idempotencyKey);
    out.one(credits, Views.of(credits));
    return ExitCodes.OK;
  }
}
