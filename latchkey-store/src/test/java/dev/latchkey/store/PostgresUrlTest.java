package dev.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class PostgresUrlTest {
  @Test
  void libpqForm_becomesThePgjdbcUrl_withUserAndPasswordAsParameters() {
    PostgresUrl url =
        PostgresUrl.parse(
            "postgresql://lk%40ops:p%3As+w@db.internal:6432/latchkey?sslmode=require");

    assertThat(url.parameters())
        .containsEntry("user", "lk@ops")
        .containsEntry("password", "p:s+w")
        .containsEntry("sslmode", "require");
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url.jdbcUrl());
    assertThat(ds.getServerNames()).containsExactly("db.internal");
    assertThat(ds.getPortNumbers()).containsExactly(6432);
    assertThat(ds.getDatabaseName()).isEqualTo("latchkey");
    assertThat(ds.getUser()).isEqualTo("lk@ops");
    assertThat(ds.getPassword()).isEqualTo("p:s+w");
    assertThat(ds.getSslMode()).isEqualTo("require");
  }

  @Test
  void libpqParameterNames_becomePgjdbcs() {
    PostgresUrl url =
        PostgresUrl.parse("postgres://h/db?application_name=node-a&connect_timeout=7");

    assertThat(url.parameters())
        .isEqualTo(Map.of("ApplicationName", "node-a", "connectTimeout", "7"));
  }

  @Test
  void severalHosts_andNoUser_arePassedOn() {
    PostgresUrl url = PostgresUrl.parse("postgresql://a:5432,b:5433/db");

    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url.jdbcUrl());
    assertThat(ds.getServerNames()).containsExactly("a", "b");
    assertThat(ds.getPortNumbers()).containsExactly(5432, 5433);
    assertThat(url.parameters()).doesNotContainKey("user");
  }

  @Test
  void jdbcForm_isTakenAsItIs() {
    String jdbc = "jdbc:postgresql://h:5432/db?user=u&currentSchema=tenant_a,public";

    PostgresUrl url = PostgresUrl.parse(jdbc);

    assertThat(url.jdbcUrl()).isEqualTo(jdbc);
    assertThat(url.schema()).isEqualTo(Optional.of("tenant_a"));
  }

  @Test
  void withoutCurrentSchema_thereIsNoSchemaToMigrate() {
    assertThat(PostgresUrl.parse("postgresql://h/db").schema()).isEmpty();
  }

  @Test
  void otherSchemes_areRefused_withoutRepeatingTheUrl() {
    assertThatThrownBy(() -> PostgresUrl.parse("mysql://u:hunter2@h/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void toString_neverShowsThePassword() {
    assertThat(PostgresUrl.parse("postgresql://u:hunter2@h/db").toString())
        .doesNotContain("hunter2");
  }

  @Test
  void dataSourceUrl_asLoggedByFlyway_holdsNoPassword() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(PostgresUrl.parse("postgresql://u:hunter2@h/db").jdbcUrl());

    assertThat(ds.getURL()).doesNotContain("hunter2");
  }
}
