package dev.latchkey.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateRootKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.IssuedRootKey;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.Service;
import dev.latchkey.api.UpdateKey;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.client.InvalidRequestException;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.NotFoundException;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.manage.Caller;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.RootKeys;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.verify.CacheSettings;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.server.TestServer;
import dev.latchkey.store.SqlStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workspaces in one store: each root key sees the other's ids exactly as ids that never
 * existed, for every kind of object and every verb.
 */
class WorkspaceIsolationTest {
  @TempDir Path dir;
  TestServer t;
  LatchkeyClient mine;
  LatchkeyClient theirs;
  Service theirService;
  IssuedKey theirKey;
  IssuedRootKey theirRootKey;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    mine = client(t.rootKey);
    String other = Ids.newId("ws");
    try (Store store = SqlStores.openSqlite(dir.resolve("latchkey.db"))) {
      Mutations mutations =
          new Mutations(store, Verifier.create(store, t.clock, CacheSettings.defaults()), t.clock);
      Caller system = new Caller(Principal.system(other), "test", "local");
      store.write(
          tx -> {
            tx.workspaces().insert(other, "other", t.clock.instant());
            return null;
          });
      theirRootKey =
          mutations.run(
              system, m -> new RootKeys(store).create(m, CreateRootKey.of("other", List.of("*"))));
    }
    theirs = client(theirRootKey.key());
    theirService = theirs.services().create(new CreateService("orders", "ord"));
    theirKey = theirs.keys().create(CreateKey.of(theirService.id()));
  }

  @AfterEach
  void stop() {
    mine.close();
    theirs.close();
    t.close();
  }

  LatchkeyClient client(String rootKey) {
    return LatchkeyClient.builder()
        .baseUri(t.uri())
        .rootKey(rootKey)
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void anotherWorkspacesIds_areNotFound_likeIdsThatNeverExisted() {
    String keyId = theirKey.data().id();
    String never = Ids.newId("key");

    for (String id : List.of(keyId, never)) {
      assertThatThrownBy(() -> mine.keys().get(id)).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> mine.keys().update(id, UpdateKey.of("x", null, null, null)))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> mine.keys().revoke(id, new RevokeKey(null)))
          .isInstanceOf(NotFoundException.class);
    }
    assertThatThrownBy(() -> mine.services().get(theirService.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> mine.rootKeys().get(theirRootKey.data().id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> mine.keys().create(CreateKey.of(theirService.id())))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("no such service");
    assertThat(mine.keys().verify(theirKey.key()).code()).isEqualTo(VerifyCode.NOT_FOUND);
    assertThat(mine.keys().verify(theirKey.key()).keyId()).isNull();
    assertThat(mine.services().listAll().map(Service::id)).doesNotContain(theirService.id());
    assertThat(theirs.keys().get(keyId).revokedAt()).isNull();
    assertThat(theirs.keys().verify(theirKey.key()).code()).isEqualTo(VerifyCode.VALID);
  }

  @Test
  void theNotFoundProblems_areIdenticalButForTheId() {
    var real =
        t.call(
            "GET",
            "/v1/keys/" + theirKey.data().id(),
            null,
            Map.of("Authorization", "Bearer " + t.rootKey));
    var never =
        t.call(
            "GET",
            "/v1/keys/" + Ids.newId("key"),
            null,
            Map.of("Authorization", "Bearer " + t.rootKey));

    assertThat(real.status()).isEqualTo(never.status()).isEqualTo(404);
    assertThat(real.json().get("title")).isEqualTo(never.json().get("title"));
    assertThat(real.json().get("type")).isEqualTo(never.json().get("type"));
  }
}
