package dev.latchkey.store;

import dev.latchkey.core.provider.ServerSecret;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A pgjdbc data source that asks for the password each time it opens a connection, so that a
 * rotated database password reaches the pools, the change listener and migrations without a
 * restart. The pools (HikariCP) call {@link #getConnection()} for each new connection; connections
 * already open are not touched (PostgreSQL checks a password only when a session starts).
 *
 * <p>Chosen over pushing the new password into Hikari ({@code HikariConfigMXBean#setPassword}):
 * this way the listener's connection and Flyway see it too, and there is nothing to forget to call.
 */
final class CurrentPasswordDataSource extends PGSimpleDataSource {
  private static final long serialVersionUID = 1L;

  private final transient Supplier<ServerSecret> password;

  CurrentPasswordDataSource(Supplier<ServerSecret> password) {
    this.password = password;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return getConnection(getUser(), currentPassword());
  }

  /** The password the next connection will use. */
  String currentPassword() {
    return password.get().reveal();
  }
}
