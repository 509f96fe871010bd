package dev.latchkey.bench.cluster;

import static dev.latchkey.bench.cluster.Percentiles.count;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** After a bulk load: {@code VACUUM ANALYZE} of the seeded tables, then their sizes on disk. */
final class SchemaSizes {
  private static final List<String> TABLES = List.of("keys", "secrets", "audit_events", "changes");

  private SchemaSizes() {}

  /** Markdown rows: table, rows, size with indexes; a last row for the whole schema. */
  static List<String> vacuumAndMeasure(Connection c) throws SQLException {
    List<String> rows = new ArrayList<>();
    long total = 0;
    try (Statement s = c.createStatement()) {
      for (String table : TABLES) {
        s.execute("VACUUM ANALYZE " + table);
      }
      for (String table : TABLES) {
        long n = one(s, "SELECT count(*) FROM " + table);
        long bytes = one(s, "SELECT pg_total_relation_size('" + table + "')");
        total += bytes;
        rows.add("| " + table + " | " + count(n) + " | " + mib(bytes) + " |");
      }
      long schema =
          one(
              s,
              "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c"
                  + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                  + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')");
      rows.add("| all four | | " + mib(total) + " (schema: " + mib(schema) + ") |");
    }
    return rows;
  }

  private static long one(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String mib(long bytes) {
    return count(Math.round(bytes / (1024.0 * 1024))) + " MiB";
  }
}
