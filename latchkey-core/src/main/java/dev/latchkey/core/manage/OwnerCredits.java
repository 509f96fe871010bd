package dev.latchkey.core.manage;

import dev.latchkey.api.CreditChange;
import dev.latchkey.api.Credits;
import dev.latchkey.core.limit.Balance;
import dev.latchkey.core.limit.CreditPolicy;
import dev.latchkey.core.limit.LimitRule;
import dev.latchkey.core.limit.Refill;
import dev.latchkey.core.limit.WireLimits;
import dev.latchkey.core.manage.LimitsInput.CreditsRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The credit balance of a key or a consumer, kept in step with its credit policy inside the
 * mutation that changes the owner: the balance row stores the refill policy too, and is what
 * verification spends under. The owner's row is locked by the caller first, then its balance: one
 * order for every mutation, and spends lock balances only.
 *
 * <p>A balance is written with the refill boundary at or before now counted as applied ({@link
 * Balance#start}); a balance kept across a change of policy first takes the refills due under the
 * old one, so no top-up is lost or doubled by the change. Also what audit events say of limits and
 * credits.
 */
final class OwnerCredits {
  private OwnerCredits() {}

  /** Opens the balance of a new owner; {@code requested.remaining()} was checked present. */
  static void open(MutationContext m, String ownerId, CreditsRequest requested) {
    Balance start = Balance.start(requested.remaining(), refillOf(requested.policy()), m.now());
    m.tx().credits().put(m.workspaceId(), ownerId, start);
  }

  /**
   * Applies a PATCH's {@code credits} to an owner whose policy is {@code old} (null: none) and
   * returns the new policy: {@code requested} null leaves all as it is, empty removes the balance,
   * present replaces the policy and sets or keeps the balance.
   *
   * @param what "key" or "consumer", for the error
   * @throws InvalidInputException when the owner had no balance and none is given
   */
  @SuppressWarnings("OptionalUsedAsFieldOrParameterType")
  static CreditPolicy change(
      MutationContext m,
      String ownerId,
      CreditPolicy old,
      Optional<CreditsRequest> requested,
      String what) {
    if (requested == null) {
      return old;
    }
    String ws = m.workspaceId();
    if (requested.isEmpty()) {
      m.tx().credits().delete(ws, ownerId);
      return null;
    }
    CreditsRequest r = requested.get();
    Long remaining = r.remaining();
    Optional<Balance> current =
        old == null ? Optional.empty() : m.tx().credits().findForUpdate(ws, ownerId);
    if (remaining == null) {
      if (current.isEmpty()) {
        throw InvalidInputException.of(
            "credits.remaining", "is required: the " + what + " has no credits yet");
      }
      remaining = current.get().refilled(m.now()).remaining();
    }
    Balance next = Balance.start(remaining, refillOf(r.policy()), m.now());
    // Never move the last refill back: a node whose clock ran ahead may have applied a refill
    // this node's clock has not reached, and moving it back would let it be applied twice.
    if (current.isPresent() && current.get().refilledAt().isAfter(next.refilledAt())) {
      next = new Balance(next.remaining(), current.get().refilledAt(), next.refill());
    }
    m.tx().credits().put(ws, ownerId, next);
    return r.policy();
  }

  /**
   * Sets or adds to the balance of an owner whose policy is {@code policy}, due refills applied
   * first; the result stays within 0 and {@link Balance#MAX}. The refill schedule goes on as it
   * was.
   */
  static Credits apply(
      MutationContext m, String ownerId, CreditPolicy policy, CreditChange change) {
    Balance current =
        m.tx()
            .credits()
            .findForUpdate(m.workspaceId(), ownerId)
            .orElseGet(() -> Balance.start(0, refillOf(policy), m.now()))
            .refilled(m.now());
    long remaining =
        change.set() != null
            ? change.set()
            : Math.clamp(current.remaining() + change.add(), 0, Balance.MAX);
    m.tx().credits().put(m.workspaceId(), ownerId, current.withRemaining(remaining));
    return WireLimits.credits(policy, remaining);
  }

  /**
   * The wire form of an owner's credits as of {@code now}: its policy, and its balance with the
   * refills due by then (read-only: the next spend writes them). Null when it has no credits.
   *
   * @param balance the stored balance, or null
   */
  static Credits view(CreditPolicy policy, Balance balance, Instant now) {
    if (policy == null) {
      return null;
    }
    Long remaining = balance == null ? null : balance.refilled(now).remaining();
    return WireLimits.credits(policy, remaining);
  }

  /** What the audit event of a credits verb says: the change and the balance it left. */
  static Map<String, Object> auditDetails(CreditChange cmd, Credits after) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("fields", List.of("credits"));
    details.put(
        cmd.set() != null ? "credits_set" : "credits_added",
        cmd.set() != null ? cmd.set() : cmd.add());
    details.put("credits_remaining", after.remaining());
    return details;
  }

  /** Adds the limits and credits a create or a change gave (null: not given) to audit details. */
  static void describe(Map<String, Object> details, List<LimitRule> rules, Credits credits) {
    if (rules != null) {
      details.put("limits", WireLimits.rateLimits(rules));
    }
    if (credits != null) {
      details.put("credits", credits);
    }
  }

  private static Refill refillOf(CreditPolicy policy) {
    return policy == null ? null : policy.refill();
  }
}
