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
 *   <li><b>PostgreSQL: writes run concurrently, at READ COMMITTED, and lock what they rewrite.</b>
 *       Uniqueness is decided by constraints. The core's use cases that read, decide and write back
 *       read with {@code findForUpdate} ({@code SELECT … FOR UPDATE}): a PATCH racing a revocation
 *       waits for it and then sees {@code revoked_at}, instead of writing it back to null; two
 *       revocations racing for the last two root keys holding {@code *} lock all live {@code *}
 *       rows in id order first, so the second waits, recounts and is refused. READ COMMITTED is the
 *       right level with row locks: after a wait, PostgreSQL re-reads the locked row's latest
 *       version. (An earlier version serialised every write with one advisory lock: correct, but
 *       capped at one commit flush at a time.) Creates take no lock beyond the feed's (below); the
 *       foreign keys guard their references. A waiter gives up after {@code lock_timeout} (10 s),
 *       and the server ends a session left idle inside a transaction after 60 s.
 *   <li><b>PostgreSQL: the change feed in {@code seq} order.</b> A sequence value is taken at
 *       insert, not at commit, so without care a transaction holding seq 5 could commit after
 *       another committed seq 6, and a follower that had read up to 6 would never see 5. Appends
 *       take a transaction-scoped advisory lock (in {@code Dialect.appendChange}, one key per
 *       schema) and hold it to commit; PostgreSQL releases it after the commit is visible, so
 *       records become visible in {@code seq} order. Gaps (from rollbacks) remain possible;
 *       followers never rely on density. Each append also runs {@code pg_notify('latchkey_changes',
 *       seq)}, delivered at commit (never on rollback) to every node's listener, which wakes
 *       followers; they also poll, since notifications are lost while a listener reconnects.
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
