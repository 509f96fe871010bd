/**
 * The SQL adapters of the core's {@link dev.latchkey.core.store.Store} port. {@link
 * dev.latchkey.store.SqlStores} is the only public type.
 *
 * <h2>Design</h2>
 *
 * <ul>
 *   <li><b>Jdbi's Handle API, not SqlObject.</b> Each repository is a small class holding its SQL
 *       as string constants next to the code that binds and maps it. No proxies, no annotation
 *       processing, no reflection on the verification hot path; a reader sees the statement and its
 *       row mapping on one screen. Rows are mapped by hand because most columns need a conversion
 *       (epoch millis to {@code Instant}, JSON text to maps).
 *   <li><b>Portable SQL, one migration history per dialect.</b> The repositories use SQL that
 *       SQLite and PostgreSQL both accept ({@code INSERT … RETURNING}, {@code LIMIT}, partial
 *       unique indexes, epoch-millisecond {@code BIGINT}s, JSON as text). What differs lives in
 *       {@link dev.latchkey.store.Dialect}: the migration folder ({@code db/migration/sqlite},
 *       {@code db/migration/postgresql}), how a transaction begins, how a unique violation is
 *       recognised (SQLite's result code, PostgreSQL's SQLState 23505), and what runs around a
 *       change record's append. Repository code is the same for both.
 *   <li><b>Transactions are begun in SQL.</b> Connections stay in auto-commit mode and {@link
 *       dev.latchkey.store.Pool} issues {@code BEGIN IMMEDIATE} / {@code COMMIT} / {@code ROLLBACK}
 *       itself. The xerial driver's own transaction handling re-begins a transaction right after
 *       each commit; with {@code IMMEDIATE} that would take the write lock again after every write,
 *       and could report a failure for a write that did commit.
 *   <li><b>SQLite concurrency.</b> One writer connection (a Hikari pool of one), and every write
 *       transaction starts with {@code BEGIN IMMEDIATE}, which takes the write lock up front:
 *       writers queue for the connection instead of failing with {@code SQLITE_BUSY}, and another
 *       process on the same file waits {@code busy_timeout}. Readers use a separate pool of
 *       read-only connections; in WAL mode they read the last committed state while a write is in
 *       flight. Reads run in a deferred transaction, so one read sees one snapshot. Work given to
 *       {@code write} must not call the store again: a nested write would wait for the one writer
 *       connection its caller holds.
 *   <li><b>PostgreSQL: writes run one at a time, at READ COMMITTED.</b> Every write transaction
 *       begins {@code BEGIN ISOLATION LEVEL READ COMMITTED} and its first statement takes a
 *       transaction-scoped advisory lock ({@code pg_advisory_xact_lock}, one key per schema), held
 *       until commit, across every node. Uniqueness alone would not need it (constraints decide
 *       that), but the core's use cases read, decide and write back: a PATCH reads a key and writes
 *       every column back, so beside a concurrent revocation, under plain READ COMMITTED, it would
 *       write {@code revoked_at} back to null and bring a revoked key back to life; two revocations
 *       of the last two root keys holding {@code *} would each count two and both succeed. The
 *       {@link dev.latchkey.core.store.Store} port promises serialised writes, as SQLite gives
 *       them, and the core relies on it; the lock keeps that promise. READ COMMITTED is then the
 *       right level, not a weaker one: each statement reads after the lock was granted, so it sees
 *       every write committed before (REPEATABLE READ would take its snapshot at the lock
 *       statement, before the wait, and miss them). The cost is small: the feed already needs the
 *       lock from a change's append to commit (below), which covers the commit's flush, the bulk of
 *       a write's time. Measured here: about 0.9 ms per key-creating write at p50 from one thread,
 *       some 400 to 960 such writes per second from 1 to 8 threads on a busy 2-core machine. A
 *       waiter gives up after {@code lock_timeout} (10 s), and the server ends a session left idle
 *       inside a transaction after 60 s, so a stuck node cannot hold the lock for long. Where more
 *       write throughput is needed, row locks ({@code SELECT … FOR UPDATE}) in the
 *       read-modify-write paths could replace the lock from begin to append.
 *   <li><b>PostgreSQL: the change feed in {@code seq} order.</b> A sequence value is taken at
 *       insert, not at commit, so without care a transaction holding seq 5 could commit after
 *       another committed seq 6, and a follower that had read up to 6 would never see 5. Appends
 *       take the same advisory lock ({@code Dialect.beforeChangeAppend}; a no-op re-take when the
 *       write holds it already) and hold it to commit; PostgreSQL releases it after the commit is
 *       visible, so records become visible in {@code seq} order. Gaps (from rollbacks) remain
 *       possible; followers never rely on density. Each append also runs {@code
 *       pg_notify('latchkey_changes', seq)}, delivered at commit (never on rollback) to every
 *       node's listener, which wakes followers; they also poll, since notifications are lost while
 *       a listener reconnects.
 *   <li><b>PostgreSQL: reads and outages.</b> Reads run in {@code REPEATABLE READ, READ ONLY}
 *       transactions: one snapshot for a whole read, and a read that tries to write fails. Pool
 *       waits are 3 s, so calls fail fast with {@code StoreException} while the database is down;
 *       Hikari replaces broken connections, and a transaction whose {@code BEGIN} finds its
 *       connection broken begins again on another, so the first calls after an outage succeed.
 *   <li><b>Tenant isolation in the schema.</b> Every tenant row has {@code workspace_id}, every
 *       query that is given a workspace filters by it, and references between tenant rows carry the
 *       workspace, so the database itself refuses a key pointing at another workspace's service.
 * </ul>
 */
package dev.latchkey.store;
