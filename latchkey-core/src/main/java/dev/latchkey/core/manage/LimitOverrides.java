package dev.latchkey.core.manage;

import dev.latchkey.core.access.Permission;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.limit.LimitRule;
import dev.latchkey.core.limit.Limits;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may give a key a limit that overrides its consumer's. A key limit named like one of its
 * consumer's replaces the consumer's shared limit for that key: the key then counts on its own and
 * spends nothing of the consumer's counter, so the consumer's keys together may spend more than the
 * consumer's limit says. That is a change to the consumer's limits, and takes what changing them
 * takes: {@code consumers.write}, on a root key confined to no service (consumers belong to the
 * whole workspace). Limits of other names, and a key's own credits, only narrow the key.
 */
final class LimitOverrides {
  private LimitOverrides() {}

  /**
   * Checks that the caller may give a key of {@code consumerId} (null: none) the limits {@code
   * requested} (null: unchanged), where it had {@code current}. An override the key already had,
   * unchanged, needs nothing: keeping it changes nothing; dropping one only narrows.
   *
   * @throws ForbiddenException naming the overriding limits and what they need
   */
  static void requireMayOverride(
      MutationContext m, String consumerId, List<LimitRule> requested, List<LimitRule> current) {
    if (consumerId == null || requested == null || requested.isEmpty()) {
      return;
    }
    Set<String> shared =
        m.tx().consumers().limitsOf(m.workspaceId(), consumerId).map(Limits::rates).stream()
            .flatMap(List::stream)
            .map(LimitRule::name)
            .collect(Collectors.toSet());
    List<String> overriding =
        requested.stream()
            .filter(r -> shared.contains(r.name()) && !current.contains(r))
            .map(LimitRule::name)
            .toList();
    if (overriding.isEmpty()) {
      return;
    }
    Principal caller = m.caller().principal();
    String what =
        "the limits "
            + overriding
            + " override the consumer's shared limits of the same name for this key";
    if (!caller.holds(Permission.CONSUMERS_WRITE)) {
      throw new ForbiddenException(what + ": that needs consumers.write as well");
    }
    if (caller.services().confined()) {
      throw new ForbiddenException(
          what + ": a root key confined to services cannot change consumer-wide limits");
    }
  }
}
