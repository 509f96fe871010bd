package dev.latchkey.store;

import dev.latchkey.core.limit.Balance;
import dev.latchkey.core.limit.CreditPolicy;
import dev.latchkey.core.limit.CreditSpend;
import dev.latchkey.core.limit.WireLimits;
import dev.latchkey.core.store.CreditRepository;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The table {@code credit_balances}: one balance per key or consumer that holds credits, with the
 * refill policy it is topped up by ({@code policy}, the JSON of the owner's {@code credits}
 * column).
 */
final class SqlCredits implements CreditRepository {
  private static final String COLUMNS = "owner_id, remaining, refilled_at, policy";
  private static final String FIND =
      "SELECT "
          + COLUMNS
          + " FROM credit_balances WHERE workspace_id = :workspace AND owner_id = :owner";
  private static final String FIND_ALL =
      "SELECT "
          + COLUMNS
          + " FROM credit_balances WHERE workspace_id = :workspace AND owner_id IN (<owners>)";
  private static final String PUT =
      """
      INSERT INTO credit_balances (workspace_id, owner_id, remaining, refilled_at, policy)
      VALUES (:workspace, :owner, :remaining, :refilledAt, :policy)
      ON CONFLICT (workspace_id, owner_id)
      DO UPDATE SET remaining = excluded.remaining, refilled_at = excluded.refilled_at,
        policy = excluded.policy""";

  /** What a spend writes: never the policy, which only management changes. */
  private static final String SPENT =
      """
      UPDATE credit_balances SET remaining = :remaining, refilled_at = :refilledAt
      WHERE workspace_id = :workspace AND owner_id = :owner""";

  private static final String DELETE =
      "DELETE FROM credit_balances WHERE workspace_id = :workspace AND owner_id = :owner";

  /** Clamped in SQL, so a concurrent spend's commit is counted (the row is locked for it). */
  private static final RowMapper<Balance> MAPPER =
      (rs, ctx) -> {
        CreditPolicy policy;
        try {
          policy = WireLimits.policy(Columns.credits(rs, "policy"));
        } catch (RuntimeException e) {
          throw new SQLException("stored refill policy cannot be read", e);
        }
        if (policy == null) {
          throw new SQLException("a credit balance without a policy");
        }
        return new Balance(
            rs.getLong("remaining"), Columns.instant(rs, "refilled_at"), policy.refill());
      };

  private final Handle handle;
  private final Dialect dialect;

  SqlCredits(Handle handle, Dialect dialect) {
    this.handle = handle;
    this.dialect = dialect;
  }

  /**
   * {@link dev.latchkey.core.store.Store#spendCredits} inside the write transaction of {@code
   * handle}: locks each balance in owner-id order (a total order shared by every spender, so two
   * spends never wait on each other in a cycle), applies the refills due under the policy stored
   * with it (read with the lock: a policy changed by a committed mutation is the one applied),
   * decides, and writes back the balances that changed.
   */
  static CreditSpend spend(
      Handle handle,
      Dialect dialect,
      String workspaceId,
      List<String> ownerIds,
      long cost,
      Instant now) {
    SqlCredits credits = new SqlCredits(handle, dialect);
    List<String> sorted = ownerIds.stream().sorted().toList();
    if (new HashSet<>(sorted).size() != sorted.size()) {
      throw new IllegalArgumentException("each owner's balance may be spent from once");
    }
    Map<String, Balance> stored = new HashMap<>();
    for (String owner : sorted) {
      credits.findForUpdate(workspaceId, owner).ifPresent(b -> stored.put(owner, b));
    }
    List<Balance> refilled = new ArrayList<>(ownerIds.size());
    for (String owner : ownerIds) {
      Balance b = stored.get(owner);
      refilled.add(b == null ? null : b.refilled(now));
    }
    CreditSpend spend = CreditSpend.decide(ownerIds, refilled, cost);
    for (int i = 0; i < ownerIds.size(); i++) {
      Balance before = refilled.get(i);
      if (before == null) {
        continue;
      }
      String owner = ownerIds.get(i);
      Balance after = before.withRemaining(spend.accounts().get(i).remaining());
      if (!after.equals(stored.get(owner))) {
        credits.spent(workspaceId, owner, after);
      }
    }
    return spend;
  }

  private void spent(String workspaceId, String ownerId, Balance balance) {
    handle
        .createUpdate(SPENT)
        .bind("workspace", workspaceId)
        .bind("owner", ownerId)
        .bind("remaining", balance.remaining())
        .bind("refilledAt", Columns.millis(balance.refilledAt()))
        .execute();
  }

  @Override
  public Optional<Balance> find(String workspaceId, String ownerId) {
    return find(FIND, workspaceId, ownerId);
  }

  @Override
  public Optional<Balance> findForUpdate(String workspaceId, String ownerId) {
    return find(FIND + dialect.forUpdate(), workspaceId, ownerId);
  }

  private Optional<Balance> find(String sql, String workspaceId, String ownerId) {
    return handle
        .createQuery(sql)
        .bind("workspace", workspaceId)
        .bind("owner", ownerId)
        .map(MAPPER)
        .findOne();
  }

  @Override
  public Map<String, Balance> findAll(String workspaceId, Collection<String> ownerIds) {
    Map<String, Balance> found = new HashMap<>();
    if (ownerIds.isEmpty()) {
      return found;
    }
    handle
        .createQuery(FIND_ALL)
        .bind("workspace", workspaceId)
        .bindList("owners", List.copyOf(ownerIds))
        .map((rs, ctx) -> Map.entry(rs.getString("owner_id"), MAPPER.map(rs, ctx)))
        .forEach(e -> found.put(e.getKey(), e.getValue()));
    return found;
  }

  @Override
  public void put(String workspaceId, String ownerId, Balance balance) {
    handle
        .createUpdate(PUT)
        .bind("workspace", workspaceId)
        .bind("owner", ownerId)
        .bind("remaining", balance.remaining())
        .bind("refilledAt", Columns.millis(balance.refilledAt()))
        .bind(
            "policy",
            Columns.creditsJson(WireLimits.credits(new CreditPolicy(balance.refill()), null)))
        .execute();
  }

  @Override
  public void delete(String workspaceId, String ownerId) {
    handle.createUpdate(DELETE).bind("workspace", workspaceId).bind("owner", ownerId).execute();
  }
}
