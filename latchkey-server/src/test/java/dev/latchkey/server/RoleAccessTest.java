package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.api.CreateRootKey;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.manage.Caller;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.RootKeys;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.verify.CacheSettings;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.store.SqlStores;
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
 * workspace's.
 */
class RoleAccessTest {
  @TempDir Path dir;
  TestServer t;
  String refunds;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    refunds = create(t.rootKey, "{\"name\":\"refunds\",\"permissions\":[\"payments:refund\"]}");
  }

  @AfterEach
  void stop() {
    t.close();
  }

  /**
   * A root key holding {@code roles.read} and {@code roles.write}, made through the API by the
   * bootstrap root key.
   */
  private String rootKey(String services, String keyPermissions) {
    TestServer.Response r =
        t.post(
            "/v1/root-keys",
            "{\"name\":\"narrow\",\"permissions\":[\"roles.read\",\"roles.write\"],"
                + (services == null ? "" : "\"services\":[" + services + "],")
                + "\"key_permissions\":["
                + keyPermissions
                + "]}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("key").asText();
  }

  /** A root key holding {@code *} in a new workspace, as only the system can make one. */
  private String rootKeyOfAnotherWorkspace() {
    String other = Ids.newId("ws");
    try (Store store = SqlStores.openSqlite(dir.resolve("latchkey.db"))) {
      Mutations mutations =
          new Mutations(store, Verifier.create(store, t.clock, CacheSettings.defaults()), t.clock);
      store.write(
          tx -> {
            tx.workspaces().insert(other, "other", t.clock.instant());
            return null;
          });
      return mutations
          .run(
              new Caller(Principal.system(other), "test", "local"),
              m -> new RootKeys(store).create(m, CreateRootKey.of("other", List.of("*"))))
          .key();
    }
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
    String confined = rootKey("\"" + svc + "\"", "\"*\"");
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
    String narrow = rootKey(null, "\"orders:read\"");
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
    String narrow = rootKey(null, "\"orders:*\"");
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
    String stranger = rootKeyOfAnotherWorkspace();
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
