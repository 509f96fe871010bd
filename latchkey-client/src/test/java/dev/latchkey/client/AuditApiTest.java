package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.api.AuditVerification;
import dev.latchkey.client.testing.FakeServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SDK's audit calls on the wire: filters as query parameters, verify, export and its head. */
class AuditApiTest {
  private FakeServer server;
  private LatchkeyClient client;

  @BeforeEach
  void start() throws Exception {
    server = FakeServer.start();
    client = LatchkeyClient.builder().baseUri(server.uri()).rootKey(TestSecrets.rootKey()).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void list_sendsEachFilterAsItsQueryParameter() {
    server.json(200, "{\"items\":[]}");

    client
        .audit()
        .list(
            AuditFilter.any()
                .actorType("root_key")
                .actorId("rk_1")
                .action("key.*")
                .targetType("key")
                .targetId("key_1")
                .since(Instant.parse("2026-01-01T00:00:00Z"))
                .until(Instant.parse("2026-01-02T00:00:00Z")),
            10,
            null);

    assertThat(server.last().target())
        .isEqualTo(
            "/v1/audit-events?actor_type=root_key&actor_id=rk_1&action=key.*&target_type=key"
                + "&target_id=key_1&since=2026-01-01T00%3A00%3A00Z&until=2026-01-02T00%3A00%3A00Z"
                + "&page_size=10");
  }

  @Test
  void verify_readsTheOutcome_aBrokenChainIsAnAnswer() {
    server.json(
        200,
        "{\"valid\":false,\"events_checked\":3,\"head\":{\"position\":2,\"hash\":\"ab\"},"
            + "\"first_bad\":{\"position\":3,\"id\":\"evt_1\",\"reason\":\"modified\","
            + "\"detail\":\"d\"}}");

    AuditVerification result = client.audit().verify();

    assertThat(server.last().target()).isEqualTo("/v1/audit-events:verify");
    assertThat(result.valid()).isFalse();
    assertThat(result.firstBad().reason()).isEqualTo("modified");
  }

  @Test
  void export_copiesTheLines_andReturnsTheHeadOfItsHeaders() {
    String lines = "{\"id\":\"evt_1\"}\n{\"id\":\"evt_2\"}\n";
    server.reply(
        new FakeServer.Canned(
            200,
            "application/jsonl",
            lines,
            Map.of("Latchkey-Audit-Head-Position", "2", "Latchkey-Audit-Head-Hash", "cd"),
            Duration.ZERO));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    AuditVerification.ChainHead head = client.audit().export(out);

    assertThat(server.last().target()).isEqualTo("/v1/audit-events:export");
    assertThat(server.last().header("Accept")).isEqualTo("application/jsonl");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(lines);
    assertThat(head).isEqualTo(new AuditVerification.ChainHead(2, "cd"));
  }

  @Test
  void export_refused_throwsTheProblem_andWritesNothing() {
    server.problem(
        403,
        "{\"type\":\"urn:latchkey:problem:forbidden\",\"title\":\"Forbidden\",\"status\":403}");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThatThrownBy(() -> client.audit().export(out)).isInstanceOf(ForbiddenException.class);
    assertThat(out.size()).isZero();
  }
}
