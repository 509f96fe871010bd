package dev.latchkey.store;

import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.store.Credential;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.StoreException;
import dev.latchkey.core.store.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The {@link Store} over two pools: {@code writer}, whose size decides how many writes run at once
 * (one for SQLite), and {@code readers}, whose connections may be read-only.
 */
final class SqlStore implements Store {
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

  /** Woken after commits of this process that appended changes. */
  private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

  private final Pool writer;
  private final Pool readers;
  private final Dialect dialect;

  SqlStore(Pool writer, Pool readers, Dialect dialect) {
    this.writer = writer;
    this.readers = readers;
    this.dialect = dialect;
  }

  @Override
  public <T> T write(Function<Tx, T> work) {
    AtomicBoolean appended = new AtomicBoolean();
    T result =
        guard(
            "store write failed",
            () ->
                writer.inTransaction(
                    dialect.beginWrite(),
                    h -> work.apply(new SqlTx(h, dialect, () -> appended.set(true)))));
    if (appended.get()) {
      changeListeners.forEach(Runnable::run);
    }
    return result;
  }

  @Override
  public AutoCloseable onChangesCommitted(Runnable wake) {
    changeListeners.add(wake);
    return () -> changeListeners.remove(wake);
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
            writer.inTransaction(
                dialect.beginWrite(),
                h -> {
                  PreparedBatch batch = h.prepareBatch(RECORD_PREVIOUS_USE);
                  lastSeenByKeyId.forEach(
                      (id, at) -> batch.bind("id", id).bind("at", Columns.millis(at)).add());
                  return batch.execute();
                }));
  }

  @Override
  public boolean isReachable() {
    try {
      return readers.withHandle(
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

  @Override
  public void close() {
    try (readers) {
      writer.close();
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
