package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A role changed through {@code PATCH /v1/roles/{id}} changes, at once, what every key holding it
 * may do at verification: its grants and its condition.
 */
class RoleVerificationTest {
  @TempDir Path dir;
  TestServer t;
  String roleId;
  String key;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    roleId =
        t.post("/v1/roles", "{\"name\":\"order-reader\",\"permissions\":[\"orders:read\"]}")
            .json()
            .get("id")
            .asText();
    String svc = t.post("/v1/services", "{\"name\":\"orders\"}").json().get("id").asText();
    TestServer.Response issued =
        t.post("/v1/keys", "{\"service\":\"" + svc + "\",\"roles\":[\"order-reader\"]}");
    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    key = issued.json().get("key").asText();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private JsonNode verify(String permissions, String method) {
    return t.post(
            "/v1/keys:verify",
            "{\"key\":\"%s\",\"permissions\":\"%s\",\"context\":{\"request\":{\"method\":\"%s\"}}}"
                .formatted(key, permissions, method))
        .json();
  }

  private String code(String permissions, String method) {
    return verify(permissions, method).get("code").asText();
  }

  private void patchRole(String body) {
    assertThat(t.call("PATCH", "/v1/roles/" + roleId, body).status()).isEqualTo(200);
  }

  @Test
  void changedGrants_applyToTheKeyAtOnce() {
    assertThat(code("orders:read", "GET")).isEqualTo("VALID");
    JsonNode denied = verify("orders:write", "GET");
    assertThat(denied.get("code").asText()).isEqualTo("INSUFFICIENT_PERMISSIONS");
    assertThat(denied.get("missing_permissions").get(0).asText()).isEqualTo("orders:write");

    patchRole("{\"permissions\":[\"orders:write\"]}");
    assertThat(code("orders:write", "GET")).isEqualTo("VALID");
    assertThat(code("orders:read", "GET")).isEqualTo("INSUFFICIENT_PERMISSIONS");

    patchRole("{\"permissions\":[]}");
    assertThat(code("orders:write", "GET")).isEqualTo("INSUFFICIENT_PERMISSIONS");
  }

  @Test
  void roleCondition_gatesItsGrants_untilRemoved() {
    patchRole("{\"condition\":\"request.method == 'GET'\"}");
    assertThat(code("orders:read", "GET")).isEqualTo("VALID");
    assertThat(code("orders:read", "POST")).isEqualTo("CONDITION_FAILED");

    patchRole("{\"condition\":null}");
    assertThat(code("orders:read", "POST")).isEqualTo("VALID");
  }

  @Test
  void aVerdictSaysWhetherARoleConditionWasEvaluated() {
    assertThat(verify("orders:read", "GET").get("conditional").asBoolean(true)).isFalse();
    patchRole("{\"condition\":\"request.method == 'GET'\"}");
    // The query needed the role, so its condition ran: the answer is this request's only.
    assertThat(verify("orders:read", "GET").get("conditional").asBoolean()).isTrue();
    assertThat(verify("orders:write", "GET").get("conditional").asBoolean()).isTrue();
    JsonNode failed = verify("orders:read", "POST");
    assertThat(failed.get("code").asText()).isEqualTo("CONDITION_FAILED");
    assertThat(failed.get("conditional").asBoolean()).isTrue();
    // Without a query no role is consulted: nothing conditional about a bare check.
    JsonNode bare = t.post("/v1/keys:verify", "{\"key\":\"%s\"}".formatted(key)).json();
    assertThat(bare.get("conditional").asBoolean(true)).isFalse();
    assertThat(bare.get("feed_position").asLong()).isPositive();
  }
}
