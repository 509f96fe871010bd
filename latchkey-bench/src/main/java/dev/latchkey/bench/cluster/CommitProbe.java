package dev.latchkey.bench.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The floor under every write: the latency of committing one single-row INSERT (auto-commit, so one
 * round trip and one WAL flush) on the benchmark PostgreSQL, timed in a loop on one connection.
 */
final class CommitProbe {
  private CommitProbe() {}

  static Percentiles measure(PgSchema schema, int commits) throws SQLException {
    try (Connection c = schema.connect()) {
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS commit_probe"
                + " (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at BIGINT NOT NULL)");
      }
      long[] nanos = new long[commits];
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO commit_probe (at) VALUES (?)")) {
        for (int i = -commits / 10; i < commits; i++) { // the first tenth warms up
          long t0 = System.nanoTime();
          insert.setLong(1, t0);
          insert.executeUpdate();
          if (i >= 0) {
            nanos[i] = System.nanoTime() - t0;
          }
        }
      }
      return Percentiles.ofNanos(nanos);
    }
  }
}
