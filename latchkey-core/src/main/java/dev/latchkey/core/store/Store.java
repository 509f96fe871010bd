package dev.latchkey.core.store;

import dev.latchkey.core.limit.CreditSpend;
import dev.latchkey.core.secret.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The persistence port. Implementations are thread-safe.
 *
 * <p>{@link #write} runs its work in one transaction: every row, audit event and change record the
 * work appends commits together or not at all. Writes may run concurrently (on PostgreSQL): a
 * read-check-write locks what it reads with the repositories' {@code findForUpdate}. Change records
 * become visible in {@code seq} order. Reads run concurrently.
 */
public interface Store extends AutoCloseable {

  /**
   * Runs {@code work} in one read-write transaction; any exception rolls it back and propagates.
   */
  <T> T write(Function<Tx, T> work);

  /** Runs {@code work} on a consistent read-only view. */
  <T> T read(Function<Tx, T> work);

  /** The hot-path lookup of verification: the credential holding the secret with this digest. */
  Optional<Credential> findCredential(Digest digest);

  /** Records when previous (rotating-out) secrets of keys were last presented, by key id. */
  void recordPreviousSecretUse(Map<String, Instant> lastSeenByKeyId);

  /**
   * Records what keys exercised, in one transaction: a row new to its key, day, source, grant and
   * permission is inserted; an existing one keeps the later of the two {@code lastAt}. Rows are
   * written in the order given (callers sort them, so that concurrent writers cannot deadlock).
   */
  void recordAccessUsage(List<AccessUsageRow> rows);

  /**
   * Records verification counts and last uses of keys, in one transaction: a count row new to its
   * period, key, service and outcome is inserted, an existing one gets {@code count} added (so
   * nodes flushing the same minute add up); a last use replaces an earlier one of its key. Rows are
   * written in the order given (callers sort them, so that concurrent writers cannot deadlock).
   */
  void recordUsage(List<UsageCountRow> counts, List<KeyLastUse> lastUses);

  /**
   * Spends {@code cost} from the credit balances of {@code ownerIds} (keys and consumers) at {@code
   * now}, in a transaction of its own, all or nothing: each balance's due refills are applied
   * first, under the refill policy stored with it ({@link
   * dev.latchkey.core.limit.Balance#refilled}), read under the same lock as the balance; then the
   * spend is admitted only if every balance holds at least {@code max(cost, 1)}, and then each
   * gives {@code cost}. A cost of 0 spends nothing and answers whether a request would pass now. An
   * owner without a balance limits nothing. Exact under concurrency, on any number of nodes sharing
   * the database: the balances are locked in owner-id order for the read-check-write, so two spends
   * never deadlock. An empty list is admitted without touching the database.
   *
   * @return the outcome, one state per owner in the order given
   * @throws IllegalArgumentException when an owner is listed twice
   * @throws StoreException when the database fails; nothing was spent
   */
  CreditSpend spendCredits(String workspaceId, List<String> ownerIds, long cost, Instant now);

  /**
   * Calls {@code wake} soon after changes are committed, by this process or (where the store can
   * tell) any other; it may also call it spuriously, and it may miss some (a lost connection), so
   * followers also poll. {@code wake} must return quickly. Closing the result stops the calls.
   */
  AutoCloseable onChangesCommitted(Runnable wake);

  /** Whether the store answers a trivial query now. */
  boolean isReachable();

  /**
   * Its connection pools as they are now, for monitoring; none for a store without pools. Cheap: no
   * query runs.
   */
  default List<PoolStats> pools() {
    return List.of();
  }

  @Override
  void close();
}
