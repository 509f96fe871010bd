package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.alert.SigningSecret;
import dev.latchkey.core.provider.ServerSecret;
import dev.latchkey.core.seal.SealedColumn;
import dev.latchkey.core.seal.Sealer;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import dev.latchkey.core.store.WebhookRow;
import dev.latchkey.server.cli.ExitCodes;
import dev.latchkey.store.SqlStores;
import dev.latchkey.store.testing.PostgresTestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code latchkey rewrap} end to end: a key-encryption key change, on SQLite and PostgreSQL. */
class RewrapCommandTest {
  @TempDir Path dir;

  final ServerSecret k1 = Sealer.newKeyEncryptionKey();
  final ServerSecret k2 = Sealer.newKeyEncryptionKey();

  record Result(int code, String out, String err) {}

  static Result rewrap(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "rewrap";
    System.arraycopy(args, 0, all, 1, args.length);
    return new Result(cli.execute(all), out.toString(), err.toString());
  }

  String keyFile(String name, ServerSecret key) {
    Path file = dir.resolve(name);
    try {
      Files.writeString(file, key.reveal() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "file:" + file;
  }

  /** Creates webhooks (one of them rotated, so it has a previous secret); id to secrets. */
  static Map<String, List<String>> webhooks(TestServer t, int count) {
    Map<String, List<String>> secrets = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      JsonNode c = t.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/h" + i + "\"}").json();
      secrets.put(c.get("data").get("id").asText(), List.of(c.get("signing_secret").asText()));
    }
    String first = secrets.keySet().iterator().next();
    JsonNode r =
        t.post("/v1/webhooks/" + first + ":rotate-secret", "{\"grace_period\":\"PT1H\"}").json();
    secrets.put(first, List.of(r.get("signing_secret").asText(), secrets.get(first).getFirst()));
    return secrets;
  }

  /** Every secret opens with {@code key} alone and is what the API returned. */
  static void assertOpenWith(
      Store store, String workspace, ServerSecret key, Map<String, List<String>> secrets) {
    Sealer alone = Sealer.envelope(key, List.of());
    secrets.forEach(
        (id, expected) -> {
          WebhookRow w = store.read((Tx tx) -> tx.webhooks().find(workspace, id)).orElseThrow();
          assertThat(
                  SigningSecret.opened(
                          alone, SealedColumn.WEBHOOK_SIGNING_SECRET, id, w.sealedSecret())
                      .reveal())
              .isEqualTo(expected.getFirst());
          if (expected.size() > 1) {
            assertThat(
                    SigningSecret.opened(
                            alone,
                            SealedColumn.WEBHOOK_PREVIOUS_SIGNING_SECRET,
                            id,
                            w.previousSealedSecret())
                        .reveal())
                .isEqualTo(expected.get(1));
          }
        });
  }

  @Test
  void sqlite_aKeyChange_leavesEveryValueOpeningWithTheNewKeyAlone() {
    Path data = dir.resolve("data");
    TestServer t = new TestServer(data, c -> c.withEncryptionKey(k1));
    String workspace = t.workspaceId();
    Map<String, List<String>> secrets = webhooks(t, 3);
    t.close();
    String current = keyFile("k2", k2);
    String previous = keyFile("k1", k1);

    Result first =
        rewrap(
            "--data-dir",
            data.toString(),
            "--encryption-key",
            current,
            "--previous-encryption-keys",
            previous);
    Result again =
        rewrap(
            "--data-dir",
            data.toString(),
            "--encryption-key",
            current,
            "--previous-encryption-keys",
            previous);

    assertThat(first.code()).as(first.err()).isEqualTo(ExitCodes.OK);
    String k2Id = Sealer.envelope(k2, List.of()).currentKeyId();
    assertThat(first.out())
        .isEqualTo(
            "rewrapped 4 value(s) under key-encryption key "
                + k2Id
                + "; 0 already current; 0 failed\n");
    assertThat(again.out()).contains("rewrapped 0 value(s)").contains("4 already current");
    assertThat(first.out() + first.err()).doesNotContain(k1.reveal()).doesNotContain(k2.reveal());
    try (Store store = SqlStores.openSqlite(data.resolve("latchkey.db"))) {
      assertOpenWith(store, workspace, k2, secrets);
    }
  }

  @Test
  void sqlite_valuesThatDoNotOpen_areNamedByRow_andExitOne() {
    Path data = dir.resolve("data");
    TestServer t = new TestServer(data, c -> c.withEncryptionKey(k1));
    String id = webhooks(t, 1).keySet().iterator().next();
    t.close();

    Result r = rewrap("--data-dir", data.toString(), "--encryption-key", keyFile("k2", k2));

    assertThat(r.code()).isEqualTo(ExitCodes.NOT_VALID);
    assertThat(r.out()).contains("2 failed");
    assertThat(r.err())
        .contains("webhooks.signing_secret of " + id + " did not open")
        .contains("webhooks.previous_signing_secret of " + id)
        .contains(Sealer.envelope(k1, List.of()).currentKeyId());
  }

  @Test
  void sqlite_whileTheServerRuns_refusesWithAClearMessage() {
    Path data = dir.resolve("data");
    try (TestServer t = new TestServer(data, c -> c.withEncryptionKey(k1))) {
      Result r = rewrap("--data-dir", data.toString(), "--encryption-key", keyFile("k1", k1));

      assertThat(r.code()).isEqualTo(ExitCodes.UNAVAILABLE);
      assertThat(r.err()).contains("another Latchkey server").contains("stop the server");
    }
  }

  @Test
  void sqlite_withoutAKeyOption_usesTheKeyFileBesideTheDatabase() {
    Path data = dir.resolve("data");
    new TestServer(data).close();

    Result r = rewrap("--data-dir", data.toString());

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).startsWith("rewrapped 0 value(s)");
  }

  @Test
  void aKeyGivenAsAValue_orNoDatabase_isAUsageError() {
    Path data = dir.resolve("data");
    new TestServer(data).close();

    Result value = rewrap("--data-dir", data.toString(), "--encryption-key", k1.reveal());
    Result nothing =
        rewrap("--data-dir", dir.resolve("none").toString(), "--encryption-key", keyFile("k1", k1));

    assertThat(value.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(value.err())
        .contains("takes a reference", "env:", "file:", "vault:")
        .doesNotContain(k1.reveal());
    assertThat(nothing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(nothing.err()).contains("no Latchkey database");
    assertThat(Files.exists(dir.resolve("none").resolve("latchkey.db"))).isFalse();
  }

  @Test
  void postgres_runsWhileANodeServes() {
    try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
      ServerConfig node =
          ServerConfig.defaults().withDatabaseUrl(database.url()).withPort(0).withEncryptionKey(k1);
      Map<String, List<String>> secrets;
      String workspace;
      try (TestServer t =
          new TestServer(
              dir.resolve("node"),
              c ->
                  node.withDataDir(c.dataDir())
                      .withBootstrapRootKey(c.bootstrapRootKey().orElseThrow())
                      .withClock(c.clock())
                      .withConsole(c.console())
                      .withWebhooks(c.webhooks()))) {
        workspace = t.workspaceId();
        secrets = webhooks(t, 2);

        Result r =
            rewrap(
                "--database-url",
                database.url(),
                "--encryption-key",
                keyFile("k2", k2),
                "--previous-encryption-keys",
                keyFile("k1", k1));

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("rewrapped 3 value(s)");
      }
      try (Store store = SqlStores.openPostgres(database.url())) {
        assertOpenWith(store, workspace, k2, secrets);
      }
    }
  }
}
