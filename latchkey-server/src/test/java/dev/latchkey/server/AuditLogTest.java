package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.api.AuditEvent;
import dev.latchkey.api.AuditVerification;
import dev.latchkey.api.audit.ExportVerifier;
import dev.latchkey.client.AuditFilter;
import dev.latchkey.client.LatchkeyClient;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tamper-evident audit log through a real socket and the SDK: the chain verifies, an export
 * re-verifies offline, tampering in the database is named, failed management calls are audited
 * without their values, and the list filters.
 */
class AuditLogTest {
  @TempDir Path dir;
  TestServer t;
  LatchkeyClient client;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    client = t.client();
  }

  @AfterEach
  void stop() {
    client.close();
    t.close();
  }

  @Test
  void mutations_chainTheirEvents_andTheChainVerifies_onTheServerAndOffline() throws Exception {
    t.newKey("payments");
    t.newKey("orders");

    AuditVerification server = client.audit().verify();
    assertThat(server.valid()).isTrue();
    assertThat(server.eventsChecked()).isGreaterThanOrEqualTo(5); // workspace, root key, 2+2

    ByteArrayOutputStream export = new ByteArrayOutputStream();
    AuditVerification.ChainHead head = client.audit().export(export);
    assertThat(head).isEqualTo(server.head());
    String text = export.toString(StandardCharsets.UTF_8);
    assertThat(text.lines()).hasSize((int) server.eventsChecked());
    AuditVerification offline =
        ExportVerifier.verify(new BufferedReader(new StringReader(text)), Optional.of(head));
    assertThat(offline).isEqualTo(server);
  }

  @Test
  void clockJumpingBack_changesNoOrder_andTheChainStillVerifies() {
    t.newKey("payments");
    t.clock.advance(Duration.ofHours(-3));
    t.newKey("orders");

    List<AuditEvent> newestFirst = client.audit().listAll().toList();
    assertThat(newestFirst.getFirst().time()).isBefore(newestFirst.getLast().time());
    assertThat(newestFirst.getFirst().position()).isGreaterThan(newestFirst.getLast().position());
    assertThat(client.audit().verify().valid()).isTrue();
  }

  @Test
  void exportResponse_isJsonLines_namingItsHead() {
    t.newKey("payments");

    TestServer.Response r = t.get("/v1/audit-events:export");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/jsonl");
    assertThat(r.header("Latchkey-Audit-Head-Position"))
        .isEqualTo(Long.toString(r.body().lines().count()));
    assertThat(r.body().lines().toList().getLast())
        .contains("\"hash\":\"" + r.header("Latchkey-Audit-Head-Hash") + "\"");
  }

  @Test
  void tamperingInTheDatabase_isNamedByVerify() throws Exception {
    t.newKey("payments");
    List<AuditEvent> events = client.audit().listAll().toList();
    AuditEvent victim = events.get(1); // the second newest

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("latchkey.db"));
        Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 5000");
      s.execute("UPDATE audit_events SET actor_id = 'rk_nobody' WHERE id = '" + victim.id() + "'");
    }

    JsonNode result = t.get("/v1/audit-events:verify").json();
    assertThat(result.get("valid").asBoolean()).isFalse();
    assertThat(result.get("first_bad").get("position").asLong()).isEqualTo(victim.position());
    assertThat(result.get("first_bad").get("id").asText()).isEqualTo(victim.id());
    assertThat(result.get("first_bad").get("reason").asText()).isEqualTo("modified");
  }

  @Test
  void deniedCall_isAudited_asRequestDenied_andChangesNothingElse() {
    String weak =
        t.post("/v1/root-keys", "{\"name\":\"reader\",\"permissions\":[\"keys.read\"]}")
            .json()
            .get("key")
            .asText();
    long before = client.services().listAll().count();

    TestServer.Response denied =
        t.call(
            "POST",
            "/v1/services",
            "{\"name\":\"x\",\"prefix\":\"x\"}",
            Map.of("Authorization", "Bearer " + weak));

    assertThat(denied.status()).isEqualTo(403);
    assertThat(client.services().listAll().count()).isEqualTo(before);
    AuditEvent event =
        client
            .audit()
            .list(AuditFilter.any().action("request.denied"), 10, null)
            .items()
            .getFirst();
    assertThat(event.target()).isEqualTo(new AuditEvent.Target("route", "POST /v1/services"));
    assertThat(event.requestId()).isEqualTo(denied.header("X-Request-Id"));
    assertThat(event.actor().type()).isEqualTo("root_key");
    assertThat(event.details())
        .containsEntry("outcome", "denied")
        .containsEntry("status", 403)
        .containsEntry("permission", "services.write")
        .containsEntry("problem", "urn:latchkey:problem:forbidden");
    assertThat(client.audit().verify().valid()).isTrue();
  }

  @Test
  void invalidCall_isAudited_withFieldNamesOnly_neverItsValues() {
    String secret = t.newKey("payments").get("key").asText();

    TestServer.Response invalid =
        t.post("/v1/services", "{\"name\":\"" + secret + "\",\"prefix\":\"" + secret + "\"}");
    TestServer.Response unknownField = t.post("/v1/services", "{\"" + secret + "\":1}");

    assertThat(invalid.status()).isEqualTo(400);
    assertThat(unknownField.status()).isEqualTo(400);
    List<AuditEvent> events =
        client.audit().listAll(AuditFilter.any().action("request.*")).toList();
    assertThat(events).hasSize(2);
    assertThat(events).allSatisfy(e -> assertThat(e.action()).isEqualTo("request.invalid"));
    assertThat(events.getLast().details()).containsEntry("fields", List.of("prefix"));
    assertThat(events.getFirst().details()).containsEntry("fields", List.of("?"));
    ByteArrayOutputStream export = new ByteArrayOutputStream();
    client.audit().export(export);
    assertThat(export.toString(StandardCharsets.UTF_8)).doesNotContain(secret);
    assertThat(export.toString(StandardCharsets.UTF_8)).doesNotContain(secret.substring(0, 20));
  }

  @Test
  void unauthenticatedCall_isNotAWorkspaceEvent() {
    long before = client.audit().verify().eventsChecked();

    assertThat(
            t.call("POST", "/v1/services", "{}", Map.of("Authorization", "Bearer lk_root_nope"))
                .status())
        .isEqualTo(401);

    assertThat(client.audit().verify().eventsChecked()).isEqualTo(before);
  }

  @Test
  void filters_byActionPrefixTargetAndTime() {
    String svc =
        t.post("/v1/services", "{\"name\":\"payments\",\"prefix\":\"pay\"}")
            .json()
            .get("id")
            .asText();
    t.clock.advance(Duration.ofMinutes(10));
    String key =
        t.post("/v1/keys", "{\"service\":\"" + svc + "\"}").json().get("data").get("id").asText();

    assertThat(client.audit().listAll(AuditFilter.any().action("key.*")).toList())
        .extracting(AuditEvent::action)
        .containsExactly("key.created");
    assertThat(client.audit().listAll(AuditFilter.any().targetType("key").targetId(key)).toList())
        .hasSize(1);
    assertThat(
            client
                .audit()
                .listAll(AuditFilter.any().since(t.clock.instant().minus(Duration.ofMinutes(1))))
                .toList())
        .extracting(AuditEvent::action)
        .containsExactly("key.created");
    assertThat(
            client
                .audit()
                .listAll(AuditFilter.any().until(t.clock.instant().minus(Duration.ofMinutes(1))))
                .toList())
        .extracting(AuditEvent::action)
        .doesNotContain("key.created")
        .contains("service.created");
  }

  @Test
  void badFilterValues_are400sNamingTheParameter() {
    for (String query :
        List.of(
            "since=yesterday",
            "until=2026-13-01T00:00:00Z",
            "action=KEY.CREATED",
            "action=key.*.x",
            "since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z",
            "target_id=%0A")) {
      TestServer.Response r = t.get("/v1/audit-events?" + query);
      assertThat(r.status()).as(query).isEqualTo(400);
      String parameter = query.substring(query.lastIndexOf('&') + 1, query.lastIndexOf('='));
      assertThat(r.json().get("errors").get(0).get("field").asText())
          .as(query)
          .isEqualTo(parameter);
    }
  }
}
