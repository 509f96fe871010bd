package dev.latchkey.bench.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The floor under every write on the benchmark PostgreSQL, timed in loops on one connection: a
 * round trip ({@code SELECT 1}) and the commit of one single-row INSERT (auto-commit: one round
 * trip and one WAL flush). A key creation holds the write lock for about ten round trips and one
 * commit, so these two bound how many writes per second one lock can pass.
 */
final class CommitProbe {
  /** Latencies of a bare round trip and of a one-row commit. */
  record Result(Percentiles roundTrip, Percentiles commit) {}

  private CommitProbe() {}

  static Result measure(PgSchema schema, int times) throws SQLException {
    try (Connection c = schema.connect()) {
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS commit_probe"
                + " (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at BIGINT NOT NULL)");
      }
      long[] roundTrips = new long[times];
      long[] commits = new long[times];
      try (PreparedStatement select = c.prepareStatement("SELECT 1");
          PreparedStatement insert =
              c.prepareStatement("INSERT INTO commit_probe (at) VALUES (?)")) {
        for (int i = -times / 10; i < times; i++) { // the first tenth warms up
          long t0 = System.nanoTime();
          try (ResultSet rs = select.executeQuery()) {
            rs.next();
          }
          long t1 = System.nanoTime();
          insert.setLong(1, t1);
          insert.executeUpdate();
          long t2 = System.nanoTime();
          if (i >= 0) {
            roundTrips[i] = t1 - t0;
            commits[i] = t2 - t1;
          }
        }
      }
      return new Result(Percentiles.ofNanos(roundTrips), Percentiles.ofNanos(commits));
    }
  }
}
