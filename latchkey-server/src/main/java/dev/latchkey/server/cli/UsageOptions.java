package dev.latchkey.server.cli;

import dev.latchkey.api.CreditChange;
import dev.latchkey.api.Credits;
import dev.latchkey.api.RateLimit;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The options of rate limits and credits, shared by {@code keys} and {@code consumers}: on create,
 * on update, and of the {@code credits} verb.
 */
final class UsageOptions {
  private UsageOptions() {}

  private static final String LIMIT =
      "A rate limit (repeat): NAME=LIMIT/PERIOD, e.g. requests=100/1s; periods 1s, 30s, 1m, 1h, 1d"
          + " or ISO-8601 (PT5M).";
  private static final String REFILL =
      "Tops the balance up to AMOUNT every INTERVAL (1000/1d) or on DAY of each month (10000@1).";

  /** {@code --limit}, {@code --credits}, {@code --refill} of a create. */
  static final class OnCreate {
    @Option(
        names = "--limit",
        paramLabel = "NAME=N/PERIOD",
        converter = Converters.Limit.class,
        description = LIMIT)
    List<RateLimit> limits;

    @Option(names = "--credits", paramLabel = "N", description = "A credit balance of N.")
    Long credits;

    @Option(
        names = "--refill",
        paramLabel = "AMOUNT/INTERVAL|AMOUNT@DAY",
        converter = Converters.RefillPolicy.class,
        description = REFILL + " Needs --credits.")
    Credits.Refill refill;

    /** The credits asked for; null when none. */
    Credits credits() {
      if (refill != null && credits == null) {
        throw new UsageException("--refill needs --credits N, the starting balance");
      }
      return credits == null ? null : new Credits(credits, refill);
    }
  }

  /** {@code --limit ... | --no-limits} of an update. */
  static final class LimitChange {
    @Option(
        names = "--limit",
        paramLabel = "NAME=N/PERIOD",
        converter = Converters.Limit.class,
        description = LIMIT + " Replaces the limits.")
    List<RateLimit> limits;

    @Option(names = "--no-limits", description = "Removes every rate limit.")
    boolean none;

    List<RateLimit> value() {
      return none ? List.of() : limits;
    }
  }

  /** {@code [--credits N] [--refill R] | --no-credits} of an update. */
  static final class CreditsChange {
    @ArgGroup(exclusive = false, multiplicity = "1")
    Policy policy;

    @Option(
        names = "--no-credits",
        description = "Removes the credit balance: no longer limited by credits.")
    boolean none;

    static final class Policy {
      @Option(
          names = "--credits",
          paramLabel = "N",
          description = "Sets the balance to N (alone: the refill stays as it is).")
      Long credits;

      @Option(
          names = "--refill",
          paramLabel = "AMOUNT/INTERVAL|AMOUNT@DAY",
          converter = Converters.RefillPolicy.class,
          description = REFILL + " Alone: the balance stays as it is.")
      Credits.Refill refill;
    }

    /**
     * The PATCH value: empty removes the credits. {@code --credits} alone keeps the refill policy
     * the owner has now, which {@code current} reads (an object in the PATCH replaces the whole
     * policy); {@code --refill} alone keeps the balance.
     */
    @SuppressWarnings("OptionalUsedAsFieldOrParameterType")
    Optional<Credits> value(Supplier<Credits> current) {
      if (none) {
        return Optional.empty();
      }
      Credits.Refill refill = policy.refill;
      if (refill == null) {
        Credits now = current.get();
        refill = now == null ? null : now.refill();
      }
      return Optional.of(new Credits(policy.credits, refill));
    }
  }

  /** {@code --set N | --add N} of the credits verb. */
  static final class Change {
    @Option(names = "--set", paramLabel = "N", description = "Sets the balance to N.")
    Long set;

    @Option(
        names = "--add",
        paramLabel = "N",
        description = "Adds N to the balance (negative: takes away; it stays at least 0).")
    Long add;

    CreditChange value() {
      return new CreditChange(set, add);
    }
  }
}
