package dev.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.provider.ServerSecret;
import dev.latchkey.core.store.Store;
import dev.latchkey.store.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The database password given apart from the URL, and changed while the store is open. */
class PostgresPasswordTest {
  @Test
  void withoutPassword_dropsOnlyThePassword_inEitherForm() {
    PostgresUrl libpq = PostgresUrl.parse("postgresql://u:hunter2@h:5432/db?sslmode=require");
    PostgresUrl jdbc = PostgresUrl.parse("jdbc:postgresql://h/db?user=u&password=hunter2&a=b");

    assertThat(libpq.withoutPassword().jdbcUrl())
        .doesNotContain("hunter2")
        .contains("user=u", "sslmode=require");
    assertThat(libpq.withoutPassword().parameters()).doesNotContainKey("password");
    assertThat(jdbc.withoutPassword().jdbcUrl()).isEqualTo("jdbc:postgresql://h/db?user=u&a=b");
  }

  @Test
  void theDataSource_asksForThePasswordForEachConnection() throws Exception {
    AtomicReference<ServerSecret> password = new AtomicReference<>(secret());
    CurrentPasswordDataSource ds = new CurrentPasswordDataSource(password::get);
    assertThat(ds.currentPassword()).isEqualTo(password.get().reveal());
    ServerSecret rotated = secret();
    password.set(rotated);
    assertThat(ds.currentPassword()).isEqualTo(rotated.reveal());
  }

  @Test
  void aStoreOpenedWithAPasswordApart_worksAndKeepsWorkingAfterItChanges() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
      AtomicReference<ServerSecret> password = new AtomicReference<>(secret());
      // The test server trusts local connections, so any password is accepted; what this proves is
      // that every part of the store (migration, pools, listener) opens with the password apart.
      try (Store store = SqlStores.openPostgres(db.url() + "&password=stale", password::get)) {
        assertThat(store.isReachable()).isTrue();
        password.set(secret());
        assertThat(store.isReachable()).isTrue();
      }
      try (Connection c = db.connect()) {
        assertThat(c.isValid(1)).isTrue();
      }
    }
  }

  private static ServerSecret secret() {
    return ServerSecret.of("pw-" + UUID.randomUUID());
  }
}
