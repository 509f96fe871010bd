package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.alert.SigningSecret;
import dev.latchkey.core.provider.ServerSecret;
import dev.latchkey.core.seal.SealedColumn;
import dev.latchkey.core.seal.Sealer;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import dev.latchkey.core.store.WebhookRow;
import dev.latchkey.store.SqlStores;
import dev.latchkey.store.testing.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook signing secrets are stored sealed, under a key-encryption key from outside the rows. */
class EncryptionAtRestTest {
  @TempDir Path dir;

  static JsonNode createWebhook(TestServer t) {
    TestServer.Response r = t.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/hook\"}");
    assertThat(r.status()).isEqualTo(201);
    return r.json();
  }

  static WebhookRow row(Path dataDir, String workspace, String id) {
    try (Store store = SqlStores.openSqlite(dataDir.resolve("latchkey.db"))) {
      return store.read((Tx tx) -> tx.webhooks().find(workspace, id)).orElseThrow();
    }
  }

  @Test
  void withoutAKey_sqliteGeneratesOneBesideTheDatabase_ownerOnly_andKeepsIt() throws Exception {
    String secret;
    String id;
    String workspace;
    String keyText;
    try (TestServer t = new TestServer(dir)) {
      JsonNode created = createWebhook(t);
      secret = created.get("signing_secret").asText();
      id = created.get("data").get("id").asText();
      workspace = t.workspaceId();
      Path file = dir.resolve(EncryptionKeys.FILE);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      keyText = Files.readString(file);
      t.restart();
      assertThat(Files.readString(file)).isEqualTo(keyText);
    }

    WebhookRow stored = row(dir, workspace, id);
    Sealer sealer = Sealer.envelope(ServerSecret.of(keyText), List.of());
    assertThat(stored.sealedSecret())
        .startsWith("lk1." + sealer.currentKeyId() + ".")
        .doesNotContain(secret);
    assertThat(
            SigningSecret.opened(
                    sealer, SealedColumn.WEBHOOK_SIGNING_SECRET, id, stored.sealedSecret())
                .reveal())
        .isEqualTo(secret);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void secretsStoredInPlainTextByAnEarlierVersion_areSealedAtStart() {
    ServerSecret key = Sealer.newKeyEncryptionKey();
    TestServer t = new TestServer(dir, c -> c.withEncryptionKey(key));
    String workspace = t.workspaceId();
    String id = createWebhook(t).get("data").get("id").asText();
    t.close();
    String legacy = SigningSecret.generate().reveal();
    try (Store store = SqlStores.openSqlite(dir.resolve("latchkey.db"))) {
      store.write(
          (Tx tx) ->
              tx.sealedValues()
                  .replace(
                      SealedColumn.WEBHOOK_SIGNING_SECRET,
                      id,
                      tx.webhooks().find(workspace, id).orElseThrow().sealedSecret(),
                      "plain:" + legacy));
    }

    t.startAgain();
    t.close();

    String sealed = row(dir, workspace, id).sealedSecret();
    Sealer sealer = Sealer.envelope(key, List.of());
    assertThat(sealed).startsWith("lk1." + sealer.currentKeyId() + ".");
    assertThat(
            SigningSecret.opened(sealer, SealedColumn.WEBHOOK_SIGNING_SECRET, id, sealed).reveal())
        .isEqualTo(legacy);
  }

  @Test
  void rotatingASecretThatDoesNotOpen_issuesANewOne_withoutGrace() {
    ServerSecret key = Sealer.newKeyEncryptionKey();
    TestServer t = new TestServer(dir, c -> c.withEncryptionKey(key));
    String workspace = t.workspaceId();
    String id = createWebhook(t).get("data").get("id").asText();
    t.close();
    Sealer stranger = Sealer.envelope(Sealer.newKeyEncryptionKey(), List.of());
    try (Store store = SqlStores.openSqlite(dir.resolve("latchkey.db"))) {
      store.write(
          (Tx tx) ->
              tx.sealedValues()
                  .replace(
                      SealedColumn.WEBHOOK_SIGNING_SECRET,
                      id,
                      tx.webhooks().find(workspace, id).orElseThrow().sealedSecret(),
                      SigningSecret.generate()
                          .sealed(stranger, SealedColumn.WEBHOOK_SIGNING_SECRET, id)));
    }
    t.startAgain();

    TestServer.Response r =
        t.post("/v1/webhooks/" + id + ":rotate-secret", "{\"grace_period\":\"PT1H\"}");
    t.close();

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("data").path("previous_secret_expires_at").asText()).isIn("", "null");
    WebhookRow stored = row(dir, workspace, id);
    assertThat(stored.previousSealedSecret()).isNull();
    assertThat(
            SigningSecret.opened(
                    Sealer.envelope(key, List.of()),
                    SealedColumn.WEBHOOK_SIGNING_SECRET,
                    id,
                    stored.sealedSecret())
                .reveal())
        .isEqualTo(r.json().get("signing_secret").asText());
  }

  @Test
  void postgresWithoutAKey_refusesToStart() {
    try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
      ServerConfig config =
          ServerConfig.defaults().withPort(0).withDataDir(dir).withDatabaseUrl(database.url());

      assertThatThrownBy(() -> LatchkeyServer.start(config).close())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("--encryption-key is required");
    }
  }

  @Test
  void aMalformedKey_refusesToStart_withoutShowingIt() {
    ServerSecret bad = ServerSecret.of("c2hvcnQga2V5");
    ServerConfig config =
        ServerConfig.defaults().withPort(0).withDataDir(dir).withEncryptionKey(bad);

    assertThatThrownBy(() -> LatchkeyServer.start(config).close())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 random bytes")
        .hasMessageNotContaining(bad.reveal());
    // nothing held: a server with a good key starts on the same data dir
    try (TestServer t = new TestServer(dir)) {
      assertThat(t.get("/readyz").status()).isEqualTo(200);
    }
  }
}
