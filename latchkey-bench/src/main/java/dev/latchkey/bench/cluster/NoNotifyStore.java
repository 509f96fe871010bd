package dev.latchkey.bench.cluster;

import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.store.AccessUsageRow;
import dev.latchkey.core.store.Credential;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A store whose commit signals (PostgreSQL {@code NOTIFY}, relayed by its listener) reach nobody: a
 * change follower on it learns of other nodes' changes by its poll alone. The comparison case of
 * the revocation benchmark, without any change to the store itself.
 */
final class NoNotifyStore implements Store {
  private final Store store;

  NoNotifyStore(Store store) {
    this.store = store;
  }

  @Override
  public <T> T write(Function<Tx, T> work) {
    return store.write(work);
  }

  @Override
  public <T> T read(Function<Tx, T> work) {
    return store.read(work);
  }

  @Override
  public Optional<Credential> findCredential(Digest digest) {
    return store.findCredential(digest);
  }

  @Override
  public void recordPreviousSecretUse(Map<String, Instant> lastSeenByKeyId) {
    store.recordPreviousSecretUse(lastSeenByKeyId);
  }

  @Override
  public void recordAccessUsage(List<AccessUsageRow> rows) {
    store.recordAccessUsage(rows);
  }

  @Override
  public void recordUsage(
      List<dev.latchkey.core.store.UsageCountRow> counts,
      List<dev.latchkey.core.store.KeyLastUse> lastUses) {
    store.recordUsage(counts, lastUses);
  }

  @Override
  public dev.latchkey.core.limit.CreditSpend spendCredits(
      String workspaceId, List<String> ownerIds, long cost, Instant now) {
    return store.spendCredits(workspaceId, ownerIds, cost, now);
  }

  /** Registers nothing: the caller is never woken. */
  @Override
  public AutoCloseable onChangesCommitted(Runnable wake) {
    return () -> {};
  }

  @Override
  public boolean isReachable() {
    return store.isReachable();
  }

  @Override
  public void close() {
    store.close();
  }
}
