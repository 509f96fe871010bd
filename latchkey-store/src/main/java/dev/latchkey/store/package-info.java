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
 *       later {@code db/migration/postgresql}), how a transaction begins, and how a unique
 *       violation is recognised. A PostgreSQL store is a new {@code Dialect} constant, its V1
 *       migration and an {@code openPostgres} factory; repository code stays as it is.
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
 *   <li><b>Tenant isolation in the schema.</b> Every tenant row has {@code workspace_id}, every
 *       query that is given a workspace filters by it, and references between tenant rows carry the
 *       workspace, so the database itself refuses a key pointing at another workspace's service.
 * </ul>
 */
package dev.latchkey.store;
