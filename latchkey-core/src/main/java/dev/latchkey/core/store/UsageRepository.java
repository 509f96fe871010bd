package dev.latchkey.core.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Verification counts by period (written by {@link Store#recordUsage}) and the last use of keys;
 * their rollup from minutes to hours to days, and their pruning.
 */
public interface UsageRepository {
  /** What a series is read for: one key, or every key of one service. */
  enum Subject {
    KEY,
    SERVICE
  }

  /** The total of one outcome in one period. */
  record Bucket(long start, String outcome, long count) {}

  /**
   * Counts of {@code granularity} rows of {@code id} (a key or service id, as {@code subject} says)
   * with starts in [{@code from}, {@code until}), summed by start and outcome, ordered by start
   * then outcome.
   */
  List<Bucket> series(
      String workspaceId,
      Subject subject,
      String id,
      UsageGranularity granularity,
      long from,
      long until);

  /** The last uses of those of {@code keyIds} that were used, by key id. */
  Map<String, KeyLastUse> lastUses(String workspaceId, Collection<String> keyIds);

  /**
   * A live key and since when it has been idle (epoch milliseconds): its last use, or when it was
   * made (or usage tracking began, if later) when it was never seen used.
   */
  record IdleKey(
      String workspaceId, String keyId, String serviceId, long idleSince, boolean used) {}

  /**
   * Live keys (not revoked, enabled, not expired at {@code now}) of every workspace idle since
   * before {@code before}; at most {@code limit}, by key id after {@code afterKeyId} (null for the
   * first page).
   */
  List<IdleKey> idleKeys(long before, long now, String afterKeyId, int limit);

  /**
   * Rewrites the rows of {@code coarse} whose periods start in [{@code from}, {@code until}) as the
   * sums of the rows of {@code fine} inside them, for every workspace. Idempotent: running it
   * twice, or on two nodes, gives the same rows. Returns how many rows it wrote.
   */
  int rollUp(UsageGranularity fine, UsageGranularity coarse, long from, long until);

  /** Deletes rows of {@code granularity} whose periods start before {@code before}. */
  int deleteBefore(UsageGranularity granularity, long before);

  /**
   * Locks the rollup job's row until the transaction ends (serialising the job across nodes) and
   * returns when it last ran, epoch milliseconds; use only inside {@link Store#write}.
   */
  long lockRollup();

  /** Records that the rollup job ran at {@code at}. */
  void rollupRan(long at);
}
