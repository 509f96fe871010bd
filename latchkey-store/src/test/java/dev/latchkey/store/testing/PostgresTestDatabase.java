package dev.latchkey.store.testing;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;

/**
 * A schema of its own in the test PostgreSQL, for one test class (or one test): {@link #create()}
 * makes it, empty, under a random name; {@link #close()} drops it with everything in it.
 *
 * <p>The server is the one at {@code postgresql://postgres@127.0.0.1:5432/test} unless the
 * environment variable {@code LATCHKEY_TEST_POSTGRES_URL} names another (either URL form). When it
 * cannot be reached, {@link #create()} fails the test under CI ({@code CI=true}): the PostgreSQL
 * tests must run there. Elsewhere it aborts the test (JUnit reports it skipped) with a message that
 * says what is missing.
 *
 * <p>{@link #url()} is a pgjdbc URL with {@code currentSchema} set: a store opened with it lives in
 * this schema only. {@link #urlVia(int)} is the same through a local port, such as a {@link
 * TcpProxy}'s. Thread-safe; each call opens its own connection.
 */
public final class PostgresTestDatabase implements AutoCloseable {
  /** The variable that names another test server. */
  public static final String URL_VARIABLE = "LATCHKEY_TEST_POSTGRES_URL";

  private static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Server server;
  private final String schema;

  private PostgresTestDatabase(Server server, String schema) {
    this.server = server;
    this.schema = schema;
  }

  /** Creates an empty schema with a random name; see the class doc for an unreachable server. */
  public static PostgresTestDatabase create() {
    Server server = Server.fromEnvironment();
    String schema = "lk_test_" + HexFormat.of().formatHex(randomBytes());
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(server.port(), ""));
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      unreachable(server, e);
    }
    return new PostgresTestDatabase(server, schema);
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static void unreachable(Server server, SQLException e) {
    String what =
        "the test PostgreSQL at "
            + server.host()
            + ":"
            + server.port()
            + " cannot be reached ("
            + e.getMessage()
            + "); start it, or point "
            + URL_VARIABLE
            + " at one";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("under CI the PostgreSQL tests must run: " + what, e);
    }
    Assumptions.abort("skipped outside CI: " + what);
  }

  /** The schema's name. */
  public String schema() {
    return schema;
  }

  /** A pgjdbc URL for this schema. */
  public String url() {
    return server.jdbcUrl(server.port(), schema);
  }

  /** The same URL with the server's port replaced by {@code port} on 127.0.0.1 (a proxy's). */
  public String urlVia(int port) {
    return server.withHost("127.0.0.1").jdbcUrl(port, schema);
  }

  /** Where the server listens, for a {@link TcpProxy} in front of it. */
  public String host() {
    return server.host();
  }

  /** Where the server listens, for a {@link TcpProxy} in front of it. */
  public int port() {
    return server.port();
  }

  /** A new connection whose current schema is this one; the caller closes it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url());
  }

  /** Runs one statement in this schema. */
  public void execute(String sql) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("statement failed: " + sql, e);
    }
  }

  /** The first column of the first row of {@code sql}, run in this schema. */
  public long queryLong(String sql) {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("query failed: " + sql, e);
    }
  }

  /**
   * Empties every table of the schema but Flyway's history and restarts their identity sequences,
   * so that the next test finds a freshly migrated store.
   */
  public void truncateAll() {
    execute(
        """
        DO $$
        DECLARE tables text;
        BEGIN
          SELECT string_agg(format('%I.%I', schemaname, tablename), ', ') INTO tables
          FROM pg_tables
          WHERE schemaname = current_schema() AND tablename <> 'flyway_schema_history';
          IF tables IS NOT NULL THEN
            EXECUTE 'TRUNCATE ' || tables || ' RESTART IDENTITY CASCADE';
          END IF;
        END $$""");
  }

  /** Drops the schema and everything in it. */
  @Override
  public void close() {
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(server.port(), ""));
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("dropping test schema " + schema + " failed", e);
    }
  }

  /** The server named by the environment, in parts. */
  private record Server(String host, int port, String database, String query) {
    static Server fromEnvironment() {
      String url = System.getenv(URL_VARIABLE);
      if (url == null || url.isBlank()) {
        url = DEFAULT_URL;
      }
      URI uri =
          URI.create(
              url.strip().replaceFirst("^jdbc:", "").replaceFirst("^postgres:", "postgresql:"));
      StringBuilder query = new StringBuilder(uri.getRawQuery() == null ? "" : uri.getRawQuery());
      if (uri.getRawUserInfo() != null) {
        String[] userInfo = uri.getRawUserInfo().split(":", 2);
        append(query, "user", userInfo[0]);
        if (userInfo.length == 2) {
          append(query, "password", userInfo[1]);
        }
      }
      return new Server(
          uri.getHost() == null ? "127.0.0.1" : uri.getHost(),
          uri.getPort() < 0 ? 5432 : uri.getPort(),
          uri.getRawPath().replaceFirst("^/", ""),
          query.toString());
    }

    private static void append(StringBuilder query, String name, String rawValue) {
      query.append(query.isEmpty() ? "" : "&").append(name).append('=').append(rawValue);
    }

    Server withHost(String newHost) {
      return new Server(newHost, port, database, query);
    }

    String jdbcUrl(int atPort, String schema) {
      StringBuilder params = new StringBuilder(query);
      if (!schema.isEmpty()) {
        append(params, "currentSchema", URLEncoder.encode(schema, StandardCharsets.UTF_8));
      }
      String url = "jdbc:postgresql://" + host + ":" + atPort + "/" + database;
      return params.isEmpty() ? url : url + "?" + params;
    }
  }
}
