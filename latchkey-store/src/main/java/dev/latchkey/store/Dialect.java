package dev.latchkey.store;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What differs between the SQL databases the store runs on; everything else is shared SQL. */
enum Dialect {
  SQLITE("classpath:db/migration/sqlite", "BEGIN IMMEDIATE", "BEGIN") {
    @Override
    boolean isUniqueViolation(SQLException e) {
      return e instanceof SQLiteException s
          && s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE;
    }
  };

  private final String migrations;
  private final String beginWrite;
  private final String beginRead;

  Dialect(String migrations, String beginWrite, String beginRead) {
    this.migrations = migrations;
    this.beginWrite = beginWrite;
    this.beginRead = beginRead;
  }

  /** The Flyway location of this dialect's migrations. */
  String migrations() {
    return migrations;
  }

  /** Begins a read-write transaction that holds the write lock from its first statement. */
  String beginWrite() {
    return beginWrite;
  }

  /** Begins a transaction that reads one consistent snapshot. */
  String beginRead() {
    return beginRead;
  }

  /** Whether {@code e} reports a violated UNIQUE constraint or index (not a primary key). */
  abstract boolean isUniqueViolation(SQLException e);

  /**
   * Runs before a change record is appended, in the same transaction. SQLite needs nothing: its
   * writes are serialised, so change records become visible in {@code seq} order.
   */
  void beforeChangeAppend(org.jdbi.v3.core.Handle handle) {}
}
