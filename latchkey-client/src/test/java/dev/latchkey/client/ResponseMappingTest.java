package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.api.AuditEvent;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.Key;
import dev.latchkey.api.KeyState;
import dev.latchkey.api.Role;
import dev.latchkey.api.Service;
import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.client.testing.FakeServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What comes back: JSON read into the api records. */
class ResponseMappingTest {
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
  void service_isReadFromSnakeCase() {
    server.json(200, RequestShapeTest.SERVICE);
    Service service = client.services().get("svc_1");
    assertThat(service)
        .isEqualTo(
            new Service(
                "svc_1",
                "payments",
                "pay",
                Instant.parse("2026-01-02T03:04:05Z"),
                Instant.parse("2026-01-02T03:04:05Z")));
  }

  @Test
  void role_isReadWithItsGrantsAndCondition_absentDescriptionIsNull() {
    server.json(200, RequestShapeTest.ROLE);
    Role role = client.roles().get("role_1");
    assertThat(role)
        .isEqualTo(
            new Role(
                "role_1",
                "order-reader",
                null,
                List.of("orders:read"),
                "request.method == 'GET'",
                Instant.parse("2026-01-02T03:04:05Z"),
                Instant.parse("2026-01-02T03:04:05Z")));
  }

  @Test
  void unknownResponseFields_areTolerated() {
    server.json(200, RequestShapeTest.SERVICE.replace("{", "{\"added_later\":{\"x\":1},"));
    assertThat(client.services().get("svc_1").name()).isEqualTo("payments");
  }

  @Test
  void issuedKey_carriesSecretAndKeyWithRotation() {
    String secret = TestSecrets.serviceKey();
    String key =
        RequestShapeTest.KEY.replace(
            "\"enabled\"",
            "\"meta\":{\"tier\":\"gold\"},\"rotation\":{\"rotated_at\":\"2026-01-03T00:00:00Z\","
                + "\"previous_start\":\"pay_WxYz\",\"grace_ends_at\":\"2026-01-04T00:00:00Z\"},"
                + "\"enabled\"");
    server.json(200, "{\"key\":\"" + secret + "\",\"data\":" + key + "}");
    IssuedKey issued = client.keys().rotate("key_1", new dev.latchkey.api.RotateKey(null));
    assertThat(issued.key()).isEqualTo(secret);
    Key data = issued.data();
    assertThat(data.state()).isEqualTo(KeyState.ACTIVE);
    assertThat(data.meta()).isEqualTo(Map.of("tier", "gold"));
    assertThat(data.rotation().previousStart()).isEqualTo("pay_WxYz");
    assertThat(data.rotation().graceEndsAt()).isEqualTo(Instant.parse("2026-01-04T00:00:00Z"));
    assertThat(issued.toString()).doesNotContain(secret);
  }

  @Test
  void page_carriesItemsAndNextToken() {
    server.json(200, "{\"items\":[" + RequestShapeTest.KEY + "],\"next_page_token\":\"t2\"}");
    var page = client.keys().list(KeyFilter.any(), 1, null);
    assertThat(page.items()).extracting(Key::id).containsExactly("key_1");
    assertThat(page.nextPageToken()).isEqualTo("t2");
  }

  @Test
  void listAll_followsTokensUntilTheLastPage() {
    String second = RequestShapeTest.SERVICE.replace("svc_1", "svc_2");
    String third = RequestShapeTest.SERVICE.replace("svc_1", "svc_3");
    server
        .json(200, "{\"items\":[" + RequestShapeTest.SERVICE + "],\"next_page_token\":\"p2\"}")
        .json(200, "{\"items\":[],\"next_page_token\":\"p3\"}")
        .json(200, "{\"items\":[" + second + "," + third + "]}");
    assertThat(client.services().listAll().map(Service::id))
        .containsExactly("svc_1", "svc_2", "svc_3");
    assertThat(server.requests())
        .extracting(FakeServer.Recorded::target)
        .containsExactly(
            "/v1/services?page_size=100",
            "/v1/services?page_size=100&page_token=p2",
            "/v1/services?page_size=100&page_token=p3");
  }

  @Test
  void listAll_fetchesOnlyThePagesConsumed() {
    server.json(200, "{\"items\":[" + RequestShapeTest.SERVICE + "],\"next_page_token\":\"p2\"}");
    assertThat(client.services().listAll().findFirst()).isPresent();
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void verdict_invalidKeyIsAnAnswerNotAnException() {
    server.json(
        200,
        "{\"valid\":false,\"code\":\"REVOKED\",\"key_id\":\"key_1\",\"service\":\"svc_1\","
            + "\"previous_secret_used\":false}");
    Verdict verdict = client.keys().verify(TestSecrets.serviceKey());
    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.code()).isEqualTo(VerifyCode.REVOKED);
    assertThat(verdict.keyId()).isEqualTo("key_1");
  }

  @Test
  void verify_aKeyTheServerRefusesAsInputIsMalformedNotAnException() {
    server.problem(
        400,
        "{\"type\":\"urn:latchkey:problem:invalid-request\",\"title\":\"Invalid request\","
            + "\"status\":400,\"errors\":[{\"field\":\"key\",\"message\":\"too long\"}]}");
    Verdict verdict = client.keys().verify("x".repeat(500));
    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.code()).isEqualTo(VerifyCode.MALFORMED);
  }

  @Test
  void auditEvent_isReadWithActorTargetAndDetails() {
    server.json(
        200,
        """
        {"items":[{"id":"evt_1","time":"2026-01-02T03:04:05Z",
          "actor":{"type":"root_key","id":"rk_1"},"action":"key.created",
          "target":{"type":"key","id":"key_1"},"request_id":"req_1",
          "source_address":"10.0.0.1","details":{"name":"ci"}}]}""");
    AuditEvent event = client.audit().list(1, null).items().getFirst();
    assertThat(event.actor()).isEqualTo(new AuditEvent.Actor("root_key", "rk_1"));
    assertThat(event.target()).isEqualTo(new AuditEvent.Target("key", "key_1"));
    assertThat(event.details()).containsEntry("name", "ci");
    assertThat(event.sourceAddress()).isEqualTo("10.0.0.1");
  }
}
