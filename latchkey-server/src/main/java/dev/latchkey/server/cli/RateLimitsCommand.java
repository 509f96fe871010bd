package dev.latchkey.server.cli;

import dev.latchkey.api.CheckRateLimit;
import dev.latchkey.api.RateLimitResult;
import dev.latchkey.client.LatchkeyClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latchkey ratelimits}: standalone rate limits, not tied to a key. */
@Command(
    name = "ratelimits",
    description = "Check standalone rate limits (login attempts per user, calls per address).",
    footer = ExitCodes.FOOTER,
    subcommands = {RateLimitsCommand.Check.class})
public final class RateLimitsCommand {
  @Mixin HelpOption help;

  @Command(
      name = "check",
      description =
          "Spends COST of LIMIT per PERIOD for one identifier: exit 0 when allowed, 1 when not.",
      footer = ExitCodes.FOOTER)
  static final class Check extends RemoteCommand {
    @Option(names = "--namespace", required = true, paramLabel = "NS", description = "e.g. login")
    String namespace;

    @Option(
        names = "--identifier",
        required = true,
        paramLabel = "ID",
        description = "Who is counted, e.g. a user id or an address.")
    String identifier;

    @Option(names = "--limit", required = true, paramLabel = "N", description = "Units per period.")
    long limit;

    @Option(
        names = "--period",
        required = true,
        paramLabel = "P",
        converter = Converters.Period.class,
        description = "1s, 30s, 1m, 1h, 1d or ISO-8601 (PT15M).")
    String period;

    @Option(names = "--cost", paramLabel = "N", description = "Units to spend (default 1).")
    Long cost;

    @Override
    int run(LatchkeyClient client, Output out) {
      RateLimitResult result =
          client.rateLimits().check(new CheckRateLimit(namespace, identifier, limit, period, cost));
      out.one(result, Views.of(result));
      return result.allowed() ? ExitCodes.OK : ExitCodes.NOT_VALID;
    }
  }
}
