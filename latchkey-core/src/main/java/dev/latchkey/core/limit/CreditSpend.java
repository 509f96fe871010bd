package dev.latchkey.core.limit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outcome of spending credits from several balances at once ({@code Store.spendCredits}): all
 * or nothing, and one state per owner in the order the owners were given.
 *
 * @param admitted whether every balance held {@code max(cost, 1)}; then each gave {@code cost}
 */
public record CreditSpend(boolean admitted, long cost, List<Account> accounts) {
  public CreditSpend {
    accounts = List.copyOf(accounts);
  }

  /**
   * One balance after the spend (or as it stood, due refills applied, when the spend was denied).
   *
   * @param ownerId the key ({@code key_…}) or consumer ({@code con_…}) holding the balance
   * @param hasBalance false when the owner holds no balance (its credits were removed): it limits
   *     nothing, and {@code remaining} means nothing
   * @param exceeded whether this balance held less than {@code max(cost, 1)}
   */
  public record Account(String ownerId, boolean hasBalance, long remaining, boolean exceeded) {}

  /** The first balance that was too low; empty when admitted. */
  public Optional<Account> denied() {
    return accounts.stream().filter(Account::exceeded).findFirst();
  }

  /** The smallest balance left, of the owners that hold one; empty when none does. */
  public OptionalLong smallestRemaining() {
    return accounts.stream().filter(Account::hasBalance).mapToLong(Account::remaining).min();
  }

  /**
   * Spends {@code cost} from {@code balances}, all or nothing, as every store must: what a store
   * adapter calls once it holds the balances locked and refilled. Admitted when every balance holds
   * at least {@code max(cost, 1)}; then each gives {@code cost}.
   *
   * @param ownerIds the owners whose balances are spent
   * @param balances one per owner, in the same order, due refills applied; null where the owner
   *     holds none
   */
  public static CreditSpend decide(List<String> ownerIds, List<Balance> balances, long cost) {
    if (cost < 0) {
      throw new IllegalArgumentException("cost must not be negative");
    }
    long needed = Math.max(cost, 1);
    boolean admitted = balances.stream().allMatch(b -> b == null || b.remaining() >= needed);
    List<Account> states = new ArrayList<>(ownerIds.size());
    for (int i = 0; i < ownerIds.size(); i++) {
      Balance b = balances.get(i);
      String owner = ownerIds.get(i);
      if (b == null) {
        states.add(new Account(owner, false, 0, false));
      } else {
        long left = admitted ? b.remaining() - cost : b.remaining();
        states.add(new Account(owner, true, left, b.remaining() < needed));
      }
    }
    return new CreditSpend(admitted, cost, states);
  }
}
