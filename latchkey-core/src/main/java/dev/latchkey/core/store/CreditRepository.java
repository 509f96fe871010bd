package dev.latchkey.core.store;

import dev.latchkey.core.limit.Balance;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Credit balances of a workspace, one per key or consumer holding credits ({@code ownerId}). A
 * balance is stored as its {@link Balance}, refill policy included: refills are applied by whoever
 * reads it next ({@link Balance#refilled}), and written back by whoever then writes it.
 * Verification spends balances through {@link Store#spendCredits}, in its own transaction, under
 * the policy stored here; management sets balance and policy here, inside the transaction that
 * changes the owner (whose own row keeps the policy too, for reads and caches).
 */
public interface CreditRepository {

  Optional<Balance> find(String workspaceId, String ownerId);

  /**
   * The balance, locked until the transaction ends, for a read-check-write: a concurrent {@link
   * Store#spendCredits} of the same balance waits for this transaction, then sees what it
   * committed. Use only inside {@link Store#write}.
   */
  Optional<Balance> findForUpdate(String workspaceId, String ownerId);

  /** The balances of those of {@code ownerIds} that hold one, by owner id. */
  Map<String, Balance> findAll(String workspaceId, Collection<String> ownerIds);

  /** Creates or replaces the owner's balance, and the refill policy stored with it. */
  void put(String workspaceId, String ownerId, Balance balance);

  /** Removes the owner's balance, if it has one: it is then limited by no credits. */
  void delete(String workspaceId, String ownerId);
}
