package dev.latchkey.store;

import dev.latchkey.core.limit.CreditSpend;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.store.AccessUsageRow;
import dev.latchkey.core.store.Credential;
import dev.latchkey.core.store.KeyLastUse;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import dev.latchkey.core.store.UsageCountRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** A store that hands every call to another; tests override what they interpose on. */
class DelegatingStore implements Store {
  private final Store inner;

  DelegatingStore(Store inner) {
    this.inner = inner;
  }

  @Override
  public <T> T write(Function<Tx, T> work) {
    return inner.write(work);
  }

  @Override
  public <T> T read(Function<Tx, T> work) {
    return inner.read(work);
  }

  @Override
  public Optional<Credential> findCredential(Digest digest) {
    return inner.findCredential(digest);
  }

  @Override
  public void recordPreviousSecretUse(Map<String, Instant> lastSeenByKeyId) {
    inner.recordPreviousSecretUse(lastSeenByKeyId);
  }

  @Override
  public void recordAccessUsage(List<AccessUsageRow> rows) {
    inner.recordAccessUsage(rows);
  }

  @Override
  public void recordUsage(List<UsageCountRow> counts, List<KeyLastUse> lastUses) {
    inner.recordUsage(counts, lastUses);
  }

  @Override
  public CreditSpend spendCredits(
      String workspaceId, List<String> ownerIds, long cost, Instant now) {
    return inner.spendCredits(workspaceId, ownerIds, cost, now);
  }

  @Override
  public AutoCloseable onChangesCommitted(Runnable wake) {
    return inner.onChangesCommitted(wake);
  }

  @Override
  public boolean isReachable() {
    return inner.isReachable();
  }

  @Override
  public void close() {
    inner.close();
  }
}
