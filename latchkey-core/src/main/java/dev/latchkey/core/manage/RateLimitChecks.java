package dev.latchkey.core.manage;

import dev.latchkey.api.CheckRateLimit;
import dev.latchkey.api.RateLimitResult;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.limit.Charge;
import dev.latchkey.core.limit.Counter;
import dev.latchkey.core.limit.CounterState;
import dev.latchkey.core.limit.LimitRule;
import dev.latchkey.core.limit.Limiter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The standalone limiter: rate limits not tied to a key, counted per identifier within a namespace
 * of the caller's workspace, with the same counters and accuracy as key limits. Thread-safe.
 */
public final class RateLimitChecks {
  static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  static final int MAX_IDENTIFIER = 256;
  static final long MAX_COST = 1_000_000_000L;

  private final Limiter limiter;

  public RateLimitChecks(Limiter limiter) {
    this.limiter = limiter;
  }

  /**
   * Charges {@code cmd.cost()} (default 1) to the counter of its namespace and identifier.
   *
   * @throws ForbiddenException when the caller is confined to services: namespaces belong to the
   *     whole workspace, and one service's key must not spend (or starve) another's counters
   * @throws InvalidInputException naming every bad field; nothing was charged
   */
  public RateLimitResult check(Principal caller, CheckRateLimit cmd) {
    if (caller.services().confined()) {
      throw new ForbiddenException(
          "a root key confined to services cannot use standalone rate limits");
    }
    Validation v = new Validation();
    String namespace = v.required("namespace", cmd.namespace());
    if (namespace != null && !NAMESPACE.matcher(namespace).matches()) {
      v.fail(
          "namespace", "must be 1 to 64 letters, digits, '_', '.' or '-', starting alphanumeric");
    }
    String identifier =
        v.text("identifier", v.required("identifier", cmd.identifier()), MAX_IDENTIFIER);
    Long limit = v.required("limit", cmd.limit());
    if (limit != null && (limit < 1 || limit > LimitRule.MAX_LIMIT)) {
      v.fail("limit", "must be between 1 and " + LimitRule.MAX_LIMIT);
    }
    Duration period = v.period("period", v.required("period", cmd.period()));
    long cost = cmd.cost() == null ? 1 : cmd.cost();
    if (cost < 0 || cost > MAX_COST) {
      v.fail("cost", "must be between 0 and " + MAX_COST);
    }
    v.throwIfAny();
    LimitRule rule = new LimitRule(namespace, limit, period);
    Counter counter = new Counter("ns:" + namespace + ":" + fingerprint(identifier), rule);
    Charge charge = limiter.charge(caller.workspaceId(), List.of(counter), cost);
    CounterState state = charge.states().getFirst();
    return new RateLimitResult(charge.admitted(), limit, state.remaining(), state.reset());
  }

  /**
   * What counts an identifier: 128 bits of its SHA-256, so that a counter's size does not depend on
   * what callers send, and e-mail or client addresses do not show in Redis key names.
   */
  static String fingerprint(String identifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identifier.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
