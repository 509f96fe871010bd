package dev.latchkey.store;

import dev.latchkey.core.limit.Balance;
import dev.latchkey.core.limit.CreditAccount;
import dev.latchkey.core.limit.CreditSpend;
import dev.latchkey.core.store.CreditRepository;
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

/** The table {@code credit_balances}: one balance per key or consumer that holds credits. */
final class SqlCredits implements CreditRepository {
  private static final String FIND =
      """
      SELECT owner_id, remaining, refilled_at FROM credit_balances
      WHERE workspace_id = :workspace AND owner_id = :owner""";
  private static final String FIND_ALL =
      """
      SELECT owner_id, remaining, refilled_at FROM credit_balances
      WHERE workspace_id = :workspace AND owner_id IN (<owners>)""";
  private static final String PUT =
      """
      INSERT INTO credit_balances (workspace_id, owner_id, remaining, refilled_at)
      VALUES (:workspace, :owner, :remaining, :refilledAt)
      ON CONFLICT (workspace_id, owner_id)
      DO UPDATE SET remaining = excluded.remaining, refilled_at = excluded.refilled_at""";
  private static final String DELETE =
      "DELETE FROM credit_balances WHERE workspace_id = :workspace AND owner_id = :owner";

  /** Clamped in SQL, so a concurrent spend's commit is counted (the row is locked for it). */
  private static final String ADD =
      """
      UPDATE credit_balances
      SET remaining = CASE WHEN remaining + :delta < 0 THEN 0
                           WHEN remaining + :delta > :max THEN :max
                           ELSE remaining + :delta END
      WHERE workspace_id = :workspace AND owner_id = :owner
      RETURNING remaining""";

  private static final RowMapper<Balance> MAPPER =
      (rs, ctx) -> new Balance(rs.getLong("remaining"), Columns.instant(rs, "refilled_at"));

  private final Handle handle;
  private final Dialect dialect;

  SqlCredits(Handle handle, Dialect dialect) {
    this.handle = handle;
    this.dialect = dialect;
  }

  /**
   * {@link dev.latchkey.core.store.Store#spendCredits} inside the write transaction of {@code
   * handle}: locks each balance in owner-id order (a total order shared by every spender, so two
   * spends never wait on each other in a cycle), applies due refills, decides, and writes back the
   * balances that changed.
   */
  static CreditSpend spend(
      Handle handle,
      Dialect dialect,
      String workspaceId,
      List<CreditAccount> accounts,
      long cost,
      Instant now) {
    SqlCredits credits = new SqlCredits(handle, dialect);
    List<String> owners = accounts.stream().map(CreditAccount::ownerId).sorted().toList();
    if (new HashSet<>(owners).size() != owners.size()) {
      throw new IllegalArgumentException("each owner's balance may be spent from once");
    }
    Map<String, Balance> stored = new HashMap<>();
    for (String owner : owners) {
      credits.findForUpdate(workspaceId, owner).ifPresent(b -> stored.put(owner, b));
    }
    List<Balance> refilled = new ArrayList<>(accounts.size());
    for (CreditAccount account : accounts) {
      Balance b = stored.get(account.ownerId());
      refilled.add(b == null ? null : b.refilled(account.refill(), now));
    }
    CreditSpend spend = CreditSpend.decide(accounts, refilled, cost);
    for (int i = 0; i < accounts.size(); i++) {
      Balance before = refilled.get(i);
      if (before == null) {
        continue;
      }
      String owner = accounts.get(i).ownerId();
      Balance after = new Balance(spend.accounts().get(i).remaining(), before.refilledAt());
      if (!after.equals(stored.get(owner))) {
        credits.put(workspaceId, owner, after.remaining(), after.refilledAt());
      }
    }
    return spend;
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
  public void put(String workspaceId, String ownerId, long remaining, Instant refilledAt) {
    Balance checked = new Balance(remaining, refilledAt);
    handle
        .createUpdate(PUT)
        .bind("workspace", workspaceId)
        .bind("owner", ownerId)
        .bind("remaining", checked.remaining())
        .bind("refilledAt", Columns.millis(checked.refilledAt()))
        .execute();
  }

  @Override
  public void delete(String workspaceId, String ownerId) {
    handle.createUpdate(DELETE).bind("workspace", workspaceId).bind("owner", ownerId).execute();
  }

  @Override
  public long add(String workspaceId, String ownerId, long delta) {
    return handle
        .createQuery(ADD)
        .bind("workspace", workspaceId)
        .bind("owner", ownerId)
        .bind("delta", delta)
        .bind("max", Balance.MAX)
        .mapTo(Long.class)
        .findOne()
        .orElseThrow(() -> new IllegalStateException("the owner holds no credit balance"));
  }
}
