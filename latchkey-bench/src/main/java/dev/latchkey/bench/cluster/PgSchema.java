package dev.latchkey.bench.cluster;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A schema of its own in the benchmark PostgreSQL for one run: {@code lk_bench_<random>}, created
 * by Flyway when the first store opens {@link #url()}, dropped with everything in it by {@link
 * #close()} (or, if the run is interrupted, by a shutdown hook).
 *
 * <p>The server is {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres} unless {@value
 * #URL_VARIABLE} names another (pgjdbc form).
 */
final class PgSchema implements AutoCloseable {
  static final String URL_VARIABLE = "LATCHKEY_BENCH_POSTGRES_URL";
  private static final String DEFAULT_SERVER =
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private final String server;
  private final String name;
  private final Thread dropAtExit;
  private boolean dropped;

  private PgSchema(String server, String name) {
    this.server = server;
    this.name = name;
    this.dropAtExit = new Thread(this::drop, "drop-" + name);
    Runtime.getRuntime().addShutdownHook(dropAtExit);
  }

  /** A new random schema name on the benchmark server; nothing is created yet. */
  static PgSchema create() {
    String server =
        Optional.ofNullable(System.getenv(URL_VARIABLE))
            .filter(s -> !s.isBlank())
            .orElse(DEFAULT_SERVER)
            .strip();
    if (!server.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(URL_VARIABLE + " must be a jdbc:postgresql:// URL");
    }
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    return new PgSchema(server, "lk_bench_" + HexFormat.of().formatHex(random));
  }

  String name() {
    return name;
  }

  /** The pgjdbc URL of the schema, for {@code SqlStores.openPostgres} and nodes. */
  String url() {
    return server + (server.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  /** A connection whose current schema is this one; the caller closes it. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(url());
  }

  /** {@code PostgreSQL 15.20} and the like. */
  String serverVersion() {
    try (Connection c = DriverManager.getConnection(server);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return "PostgreSQL " + rs.getString(1).split(" ")[0];
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the benchmark PostgreSQL cannot be reached; start it or set " + URL_VARIABLE, e);
    }
  }

  private synchronized void drop() {
    if (dropped) {
      return;
    }
    try (Connection c = DriverManager.getConnection(server);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
      dropped = true;
    } catch (SQLException e) {
      System.err.println("could not drop schema " + name + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    drop();
    try {
      Runtime.getRuntime().removeShutdownHook(dropAtExit);
    } catch (IllegalStateException e) {
      // the JVM is shutting down already; the hook finds the schema dropped
    }
  }
}
