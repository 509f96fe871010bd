package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may change roles, over a real socket with real root keys: only callers confined to no
 * service, only with grants they may give, never a role broader than themselves, never another
 * workspace's. The narrow root keys are written straight into the store ({@link SideDoor}).
 */
class RoleAccessTest {
  static final List<String> ROLES = List.of("roles.read", "roles.write");

  @TempDir Path dir;
  TestServer t;
  SideDoor door;
  String workspace;
  String refunds;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    door = new SideDoor(t);
    workspace = door.bootstrapWorkspace();
    refunds = create(t.rootKey, "{\"name\":\"refunds\",\"permissions\":[\"payments:refund\"]}");
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private TestServer.Response as(String rootKey, String method, String path, String body) {
    return t.call(method, path, body, Map.of("Authorization", "Bearer " + rootKey));
  }

  private String create(String rootKey, String body) {
    TestServer.Response r = as(rootKey, "POST", "/v1/roles", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("id").asText();
  }

  @Test
  void rootKeyConfinedToAService_readsRoles_butCannotCreateOrChangeThem() {
    String svc = t.post("/v1/services", "{\"name\":\"orders\"}").json().get("id").asText();
    String confined = door.rootKey(workspace, ROLES, List.of(svc), List.of("*"));
    String before = t.get("/v1/roles/" + refunds).body();

    TestServer.Response create =
        as(confined, "POST", "/v1/roles", "{\"name\":\"x\",\"permissions\":[]}");
    assertThat(create.status()).isEqualTo(403);
    assertThat(create.json().get("detail").asText()).contains("workspace-wide");
    assertThat(as(confined, "PATCH", "/v1/roles/" + refunds, "{\"name\":\"y\"}").status())
        .isEqualTo(403);

    assertThat(as(confined, "GET", "/v1/roles/" + refunds, null).body()).isEqualTo(before);
    assertThat(as(confined, "GET", "/v1/roles", null).json().get("items")).hasSize(1);
  }

  @Test
  void narrowRootKey_cannotCreateARoleWithGrantsItMayNotGive() {
    String narrow = door.rootKey(workspace, ROLES, null, List.of("orders:read"));
    for (String grants : List.of("\"orders:*\"", "\"*\"", "\"orders:read\",\"orders:write\"")) {
      TestServer.Response r =
          as(narrow, "POST", "/v1/roles", "{\"name\":\"n\",\"permissions\":[" + grants + "]}");
      assertThat(r.status()).as(grants).isEqualTo(403);
      assertThat(r.json().get("detail").asText()).as(grants).doesNotContain("orders:read");
    }
    assertThat(t.get("/v1/roles").json().get("items")).hasSize(1);

    String own = create(narrow, "{\"name\":\"reader\",\"permissions\":[\"orders:read\"]}");
    assertThat(t.get("/v1/roles/" + own).json().get("permissions").get(0).asText())
        .isEqualTo("orders:read");
  }

  @Test
  void narrowRootKey_cannotChangeABroaderRole_norWidenItsOwn() {
    String narrow = door.rootKey(workspace, ROLES, null, List.of("orders:*"));
    String before = t.get("/v1/roles/" + refunds).body();
    for (String body :
        List.of(
            "{\"name\":\"mine now\"}",
            "{\"permissions\":[\"orders:read\"]}",
            "{\"description\":\"harmless\"}")) {
      TestServer.Response r = as(narrow, "PATCH", "/v1/roles/" + refunds, body);
      assertThat(r.status()).as(body).isEqualTo(403);
      assertThat(r.json().get("detail").asText()).as(body).contains("payments:refund");
    }
    assertThat(t.get("/v1/roles/" + refunds).body()).isEqualTo(before);

    String own = create(narrow, "{\"name\":\"orders\",\"permissions\":[\"orders:read\"]}");
    assertThat(
            as(narrow, "PATCH", "/v1/roles/" + own, "{\"permissions\":[\"orders:*\",\"*\"]}")
                .status())
        .isEqualTo(403);
    assertThat(
            as(narrow, "PATCH", "/v1/roles/" + own, "{\"permissions\":[\"orders:write\"]}")
                .status())
        .isEqualTo(200);
  }

  @Test
  void anotherWorkspacesRole_isNotFound_likeOneThatNeverExisted() {
    String elsewhere = door.newWorkspace();
    String stranger = door.rootKey(elsewhere, ROLES, null, List.of("*"));
    String theirs = create(stranger, "{\"name\":\"refunds\",\"permissions\":[\"*\"]}");

    TestServer.Response get = t.get("/v1/roles/" + theirs);
    TestServer.Response never = t.get("/v1/roles/" + RoleLifecycleTest.NO_ROLE);
    assertThat(get.status()).isEqualTo(404);
    assertThat(get.json().get("title")).isEqualTo(never.json().get("title"));
    assertThat(t.call("PATCH", "/v1/roles/" + theirs, "{\"name\":\"x\"}").status()).isEqualTo(404);
    assertThat(t.get("/v1/roles").json().get("items")).hasSize(1);

    assertThat(as(stranger, "GET", "/v1/roles/" + refunds, null).status()).isEqualTo(404);
    assertThat(as(stranger, "GET", "/v1/roles/" + theirs, null).json().get("name").asText())
        .isEqualTo("refunds");
  }
}
