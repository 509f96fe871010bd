package dev.latchkey.store;

import dev.latchkey.core.store.DuplicateException;
import java.sql.SQLException;
import org.jdbi.v3.core.JdbiException;

/** Turns a unique violation into a {@link DuplicateException} naming the wire field. */
final class Duplicates {
  private Duplicates() {}

  /**
   * Runs the statement {@code write}; a unique violation it raises becomes a duplicate of {@code
   * field}. Each table has one uniqueness rule a caller can break (ids are random), so the table
   * tells which field it was and the message text is never parsed.
   */
  static void guard(Dialect dialect, String field, Runnable write) {
    try {
      write.run();
    } catch (JdbiException e) {
      if (isUniqueViolation(dialect, e)) {
        throw new DuplicateException(field, e);
      }
      throw e;
    }
  }

  private static boolean isUniqueViolation(Dialect dialect, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && dialect.isUniqueViolation(sql)) {
        return true;
      }
    }
    return false;
  }
}
