package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.api.AccessReport;
import dev.latchkey.api.AccessReport.ConditionUse;
import dev.latchkey.api.AccessReport.GrantUse;
import dev.latchkey.api.AccessReport.PermissionUse;
import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.client.InvalidRequestException;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.NotFoundException;
import dev.latchkey.core.access.Grant;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.verify.AccessUsage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/keys/{id}/access-report} through a real socket with the SDK. Usage is recorded
 * straight into the server's recorder, as verification with a permission query will record it.
 * Until keys and roles can be given grants through the API, the test writes them into the server's
 * database.
 */
class AccessReportTest {
  @TempDir Path dir;
  TestServer t;
  LatchkeyClient client;
  String workspaceId;
  String keyId;
  String roleId = Ids.newId("role");

  @BeforeEach
  void start() throws SQLException {
    t = new TestServer(dir);
    client = t.client();
    String svc = client.services().create(new CreateService("orders", "ord")).id();
    keyId =
        client
            .keys()
            .create(
                new CreateKey(svc, null, "shop", null, null, null, null, null, null, null, null))
            .data()
            .id();
    try (Connection c = database()) {
      workspaceId = text(c, "SELECT workspace_id FROM keys WHERE id = ?", keyId);
      update(
          c,
          "INSERT INTO roles (id, workspace_id, name, permissions, condition_expr, created_at,"
              + " updated_at) VALUES (?, ?, 'billing', '[\"payments:charge\"]',"
              + " 'request.method == ''POST''', 0, 0)",
          roleId,
          workspaceId);
      update(
          c,
          "UPDATE keys SET permissions = '[\"orders:*\",\"audit:read\"]', roles = ?,"
              + " condition_expr = 'request.ip.in_cidr(''10.0.0.0/8'')' WHERE id = ?",
          "[\"" + roleId + "\"]",
          keyId);
    }
  }

  @AfterEach
  void stop() {
    client.close();
    t.close();
  }

  private AccessUsage usage() {
    return t.server().verifier().accessUsage();
  }

  @Test
  void report_showsUsedAndUnusedGrants_evaluatedConditions_andANarrowerGrant() {
    usage()
        .exercised(workspaceId, keyId, "key", Grant.parse("orders:*"), Grant.parse("orders:read"));
    usage().conditionEvaluated(workspaceId, keyId, "key");
    t.server().verifier().flushUsage();
    Instant at = t.clock.instant();

    AccessReport report = client.keys().accessReport(keyId, 7);

    assertThat(report.keyId()).isEqualTo(keyId);
    assertThat(report.days()).isEqualTo(7);
    assertThat(report.to()).isEqualTo(at);
    assertThat(report.permissionsExercised()).isTrue();
    assertThat(report.grants())
        .containsExactly(
            new GrantUse(
                "key", null, "orders:*", false, at, List.of(new PermissionUse("orders:read", at))),
            new GrantUse("key", null, "audit:read", true, null, List.of()),
            new GrantUse(roleId, "billing", "payments:charge", true, null, List.of()));
    assertThat(report.conditions())
        .containsExactly(
            new ConditionUse("key", null, "request.ip.in_cidr('10.0.0.0/8')", true, at),
            new ConditionUse(roleId, "billing", "request.method == 'POST'", false, null));
    assertThat(report.suggestion().narrower()).isTrue();
    assertThat(report.suggestion().permissions()).containsExactly("orders:read");
    assertThat(report.suggestion().roles()).isEmpty();
    assertThat(report.suggestion().removeRoles()).containsExactly(roleId);
    assertThat(report.suggestion().reasons())
        .containsExactly(
            "orders:* was used only for orders:read",
            "audit:read was not used in the last 7 days",
            "role billing (" + roleId + ") was not used in the last 7 days");
  }

  @Test
  void window_startsAtTheFirstUtcDayItCovers() {
    Instant used = t.clock.instant();
    usage()
        .exercised(workspaceId, keyId, "key", Grant.parse("audit:read"), Grant.parse("audit:read"));
    t.server().verifier().flushUsage();
    t.clock.advance(Duration.ofDays(30));

    AccessReport thirty = client.keys().accessReport(keyId, 30);
    AccessReport thirtyOne = client.keys().accessReport(keyId, 31);

    assertThat(thirty.from()).isEqualTo(startOfDay(used).plus(Duration.ofDays(1)));
    assertThat(thirty.permissionsExercised()).isFalse();
    assertThat(thirty.suggestion()).as("nothing known, nothing suggested").isNull();
    assertThat(thirty.grants()).allMatch(GrantUse::unused);
    assertThat(thirtyOne.from()).isEqualTo(startOfDay(used));
    assertThat(thirtyOne.permissionsExercised()).isTrue();
    assertThat(thirtyOne.grants().get(1).lastUsedAt()).isEqualTo(used);
  }

  @Test
  void withoutDays_theWindowIs30Days_andAbsentFieldsAreLeftOut() {
    TestServer.Response r = t.get("/v1/keys/" + keyId + "/access-report");

    assertThat(r.status()).isEqualTo(200);
    JsonNode json = r.json();
    assertThat(json.get("days").asInt()).isEqualTo(30);
    assertThat(json.get("permissions_exercised").asBoolean()).isFalse();
    assertThat(json.has("suggestion")).isFalse();
    assertThat(json.get("grants").get(0).has("role_name")).isFalse();
    assertThat(json.get("grants").get(2).get("role_name").asText()).isEqualTo("billing");
  }

  @Test
  void daysOutside1To90_orNotAnInteger_are400NamingDays() {
    for (int days : new int[] {0, 91, -1}) {
      assertThatThrownBy(() -> client.keys().accessReport(keyId, days))
          .as("days=%d", days)
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> assertThat(e.problem().errors().getFirst().field()).isEqualTo("days"));
    }
    for (String days : List.of("x", "", "1.5", "99999999999")) {
      TestServer.Response r = t.get("/v1/keys/" + keyId + "/access-report?days=" + days);
      assertThat(r.status()).as("days=" + days).isEqualTo(400);
      assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("days");
    }
    assertThat(client.keys().accessReport(keyId, 1).days()).isEqualTo(1);
    assertThat(client.keys().accessReport(keyId, 90).days()).isEqualTo(90);
  }

  @Test
  void unknownKey_is404_malformedId_is400() {
    assertThatThrownBy(() -> client.keys().accessReport("key_AAAAAAAAAAAAAAAAAAAAAAAA", 30))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> client.keys().accessReport("nope", 30))
        .isInstanceOf(InvalidRequestException.class);
  }

  private static Instant startOfDay(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private Connection database() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + t.dataDir.resolve("latchkey.db"));
  }

  private static String text(Connection c, String sql, String param) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, param);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static void update(Connection c, String sql, String... params) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setString(i + 1, params[i]);
      }
      s.executeUpdate();
    }
  }
}
