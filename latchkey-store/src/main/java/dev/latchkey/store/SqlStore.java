package dev.latchkey.store;

import dev.latchkey.core.limit.CreditSpend;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.store.AccessUsageRow;
import dev.latchkey.core.store.Credential;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.StoreException;
import dev.latchkey.core.store.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Store} over two pools: {@code writer}, which runs write transactions (one connection
 * for SQLite; several for PostgreSQL, where they run concurrently and lock the rows they rewrite),
 * and {@code readers}, whose connections may be read-only.
 */
final class SqlStore implements Store {
  private static final Logger LOG = LoggerFactory.getLogger(SqlStore.class);

  /**
   * One indexed lookup by digest, joined to whichever owner the secret has; a secret whose owner is
   * missing opens nothing.
   */
  private static final String FIND_CREDENTIAL =
      "SELECT s.retires_at AS s_retires_at, "
          + KeyRows.COLUMNS
          + ", "
          + RootKeyRows.COLUMNS
          + """
           FROM secrets s
          LEFT JOIN keys k ON k.id = s.owner_id
          LEFT JOIN root_keys r ON r.id = s.owner_id
          WHERE s.digest = :digest AND (k.id IS NOT NULL OR r.id IS NOT NULL)""";

  private static final RowMapper<Credential> CREDENTIAL =
      (rs, ctx) -> {
        Instant retiresAt = Columns.instant(rs, "s_retires_at");
        if (rs.getString("k_id") != null) {
          return new Credential.OfKey(KeyRows.MAPPER.map(rs, ctx), retiresAt);
        }
        return new Credential.OfRootKey(RootKeyRows.MAPPER.map(rs, ctx), retiresAt);
      };

  /** Keeps the latest use, and only uses at or after the rotation that made the secret old. */
  private static final String RECORD_PREVIOUS_USE =
      """
      UPDATE keys SET previous_secret_last_used_at = :at
      WHERE id = :id AND rotated_at IS NOT NULL AND rotated_at <= :at
        AND (previous_secret_last_used_at IS NULL OR previous_secret_last_used_at < :at)""";

  private static final int REACHABLE_TIMEOUT_SECONDS = 1;

  private static final Runnable READ_ONLY =
      () -> {
        throw new IllegalStateException("a read transaction cannot append changes");
      };

  /** Woken after commits that appended changes: this process's own, and others' when signalled. */
  private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

  private final Pool writer;
  private final Pool readers;
  private final Pool probe;
  private final Dialect dialect;
  private final AutoCloseable commitSignals;

  /** A store told only of its own commits, whose reachability is checked on {@code readers}. */
  SqlStore(Pool writer, Pool readers, Dialect dialect) {
    this(writer, readers, readers, dialect, wakeAll -> () -> {});
  }

  /**
   * @param probe answers {@link #isReachable}; may be {@code readers}
   * @param commitSignals started with the store's "wake every listener" action, for commits of
   *     other processes; the store closes what it returns
   */
  SqlStore(
      Pool writer,
      Pool readers,
      Pool probe,
      Dialect dialect,
      Function<Runnable, AutoCloseable> commitSignals) {
    this.writer = writer;
    this.readers = readers;
    this.probe = probe;
    this.dialect = dialect;
    this.commitSignals = commitSignals.apply(this::wakeListeners);
  }

  @Override
  public <T> T write(Function<Tx, T> work) {
    AtomicBoolean appended = new AtomicBoolean();
    T result =
        guard(
            "store write failed",
            () ->
                inWriteTransaction(
                    h -> work.apply(new SqlTx(h, dialect, () -> appended.set(true)))));
    if (appended.get()) {
      wakeListeners();
    }
    return result;
  }

  private <T> T inWriteTransaction(Function<Handle, T> work) {
    return writer.inTransaction(dialect.beginWrite(), work::apply);
  }

  @Override
  public List<dev.latchkey.core.store.PoolStats> pools() {
    List<dev.latchkey.core.store.PoolStats> pools = new java.util.ArrayList<>();
    pools.add(writer.stats("writer"));
    pools.add(readers.stats("reader"));
    if (probe != readers) {
      pools.add(probe.stats("probe"));
    }
    return pools;
  }

  @Override
  public AutoCloseable onChangesCommitted(Runnable wake) {
    changeListeners.add(wake);
    return () -> changeListeners.remove(wake);
  }

  /** Calls every listener; one that throws is logged and does not keep the others from waking. */
  private void wakeListeners() {
    for (Runnable wake : changeListeners) {
      try {
        wake.run();
      } catch (RuntimeException e) {
        LOG.warn("a change listener failed", e);
      }
    }
  }

  @Override
  public <T> T read(Function<Tx, T> work) {
    return guard(
        "store read failed",
        () ->
            readers.inTransaction(
                dialect.beginRead(), h -> work.apply(new SqlTx(h, dialect, READ_ONLY))));
  }

  @Override
  public Optional<Credential> findCredential(Digest digest) {
    return guard(
        "credential lookup failed",
        () ->
            readers.withHandle(
                h ->
                    h.createQuery(FIND_CREDENTIAL)
                        .bind("digest", digest.toBytes())
                        .map(CREDENTIAL)
                        .findOne()));
  }

  @Override
  public void recordPreviousSecretUse(Map<String, Instant> lastSeenByKeyId) {
    if (lastSeenByKeyId.isEmpty()) {
      return;
    }
    guard(
        "recording secret use failed",
        () ->
            inWriteTransaction(
                h -> {
                  PreparedBatch batch = h.prepareBatch(RECORD_PREVIOUS_USE);
                  lastSeenByKeyId.forEach(
                      (id, at) -> batch.bind("id", id).bind("at", Columns.millis(at)).add());
                  return batch.execute();
                }));
  }

  @Override
  public void recordAccessUsage(List<AccessUsageRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    guard(
        "recording access usage failed",
        () -> inWriteTransaction(h -> SqlAccessUsage.record(h, rows)));
  }

  @Override
  public void recordUsage(
      List<dev.latchkey.core.store.UsageCountRow> counts,
      List<dev.latchkey.core.store.KeyLastUse> lastUses) {
    if (counts.isEmpty() && lastUses.isEmpty()) {
      return;
    }
    guard(
        "recording usage failed",
        () ->
            inWriteTransaction(
                h -> {
                  SqlUsage.record(h, counts, lastUses);
                  return null;
                }));
  }

  @Override
  public CreditSpend spendCredits(
      String workspaceId, List<String> ownerIds, long cost, Instant now) {
    if (ownerIds.isEmpty()) {
      return CreditSpend.decide(List.of(), List.of(), cost);
    }
    return guard(
        "spending credits failed",
        () ->
            inWriteTransaction(
                h -> SqlCredits.spend(h, dialect, workspaceId, ownerIds, cost, now)));
  }

  @Override
  public boolean isReachable() {
    try {
      return probe.withHandle(
          h ->
              h.createQuery("SELECT 1")
                      .setQueryTimeout(REACHABLE_TIMEOUT_SECONDS)
                      .mapTo(Integer.class)
                      .one()
                  == 1);
    } catch (RuntimeException e) {
      return false; // unreachable is the answer, not a failure of the caller
    }
  }

  /**
   * Stops the commit signals and closes the pools, all at once: while the database is down, a pool
   * waits up to its connect timeout for a connection attempt in flight, and in turn they would add
   * up.
   */
  @Override
  public void close() {
    List<AutoCloseable> parts = new ArrayList<>(List.of(commitSignals, writer, readers));
    if (probe != readers) {
      parts.add(probe);
    }
    List<Thread> closing = new ArrayList<>();
    for (AutoCloseable part : parts) {
      closing.add(Thread.ofVirtual().start(() -> closeQuietly(part)));
    }
    for (Thread t : closing) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void closeQuietly(AutoCloseable part) {
    try {
      part.close();
    } catch (Exception e) {
      LOG.warn("closing part of the store failed", e);
    }
  }

  /**
   * Runs {@code op}; a core exception passes unchanged, anything else becomes a {@link
   * StoreException} with {@code message}, which holds nothing from the request.
   */
  private static <T> T guard(String message, Supplier<T> op) {
    try {
      return op.get();
    } catch (JdbiException e) {
      // Only database failures become StoreException (503, "retry later"); a bug or bad input
      // raised inside the work propagates as itself, and the transaction has rolled back.
      throw new StoreException(message, e);
    }
  }
}
