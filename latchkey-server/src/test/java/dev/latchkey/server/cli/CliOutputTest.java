package dev.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.client.testing.FakeServer;
import dev.latchkey.core.secret.KeyFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What people and scripts read: tables, key/value lines, secrets once, and raw JSON. */
class CliOutputTest {
  private final String rootKey = KeyFormat.generateRoot().reveal();
  private FakeServer server;
  private Cli cli;

  @BeforeEach
  void start() throws Exception {
    server = FakeServer.start();
    cli =
        Cli.withEnvironment(
            Map.of("LATCHKEY_URL", server.uri().toString(), "LATCHKEY_ROOT_KEY", rootKey));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void list_printsAnAlignedTableAndTheNextPageToken() {
    String second = Fixtures.SERVICE.replace("svc_1", "svc_22").replace("payments", "orders");
    server.json(200, Fixtures.page("tok2", Fixtures.SERVICE, second));
    Cli.Result result = cli.run("services", "list");
    assertThat(result.code()).isZero();
    assertThat(result.out())
        .isEqualTo(
            """
            ID      NAME      PREFIX  CREATED
            svc_1   payments  pay     2026-01-02T03:04:05Z
            svc_22  orders    pay     2026-01-02T03:04:05Z
            More: --page-token tok2
            """);
  }

  @Test
  void keysList_showsStateAndStartAndDashForAbsent() {
    server.json(200, Fixtures.page(null, Fixtures.KEY.replace("\"consumer\":\"con_1\",", "")));
    Cli.Result result = cli.run("keys", "list");
    assertThat(result.out())
        .isEqualTo(
            """
            ID     NAME  STATE   START     SERVICE  CONSUMER  EXPIRES
            key_1  ci    ACTIVE  pay_AbCd  svc_1    -         -
            """);
  }

  @Test
  void get_printsKeyValueLines() {
    server.json(200, Fixtures.CONSUMER);
    Cli.Result result = cli.run("consumers", "get", "con_1");
    assertThat(result.out())
        .isEqualTo(
            """
            id           con_1
            name         acme
            external_id  crm-7
            meta         {"tier":"gold"}
            created_at   2026-01-02T03:04:05Z
            updated_at   2026-01-02T03:04:05Z
            limits       -
            credits      unlimited
            refill       -
            """);
  }

  @Test
  void keysCreate_printsTheSecretOnceUnderAWarning() {
    String secret = KeyFormat.generate("pay").reveal();
    server.json(201, Fixtures.issued(secret, Fixtures.KEY));
    Cli.Result result = cli.run("keys", "create", "--service", "svc_1");
    assertThat(result.code()).isZero();
    String[] lines = result.out().split("\n");
    assertThat(lines[0]).isEqualTo("Store this secret now; it will not be shown again:");
    assertThat(lines[1]).isEqualTo(secret);
    assertThat(result.out().indexOf(secret)).isEqualTo(result.out().lastIndexOf(secret));
    assertThat(result.out()).contains("id             key_1").contains("start          pay_AbCd");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void rootKeysCreate_printsTheSecretOnce() {
    String secret = KeyFormat.generateRoot().reveal();
    server.json(201, Fixtures.issued(secret, Fixtures.ROOT_KEY));
    Cli.Result result =
        cli.run("root-keys", "create", "--name", "ops", "--permission", "keys.read");
    assertThat(result.out())
        .startsWith("Store this secret now; it will not be shown again:\n" + secret + "\n");
    assertThat(result.out()).containsPattern("(?m)^permissions +keys.read,keys.create$");
  }

  @Test
  void json_printsTheResponseAsTheServerSentIt() {
    server.json(200, Fixtures.page("tok2", Fixtures.SERVICE));
    Cli.Result result = cli.run("services", "list", "--json");
    assertThat(result.out()).isEqualTo(Fixtures.page("tok2", Fixtures.SERVICE) + "\n");
  }

  @Test
  void json_keysCreateIncludesTheSecretAndNoWarning() {
    String secret = KeyFormat.generate("pay").reveal();
    server.json(201, Fixtures.issued(secret, Fixtures.KEY));
    Cli.Result result = cli.run("keys", "create", "--service", "svc_1", "--json");
    assertThat(result.out()).isEqualTo(Fixtures.issued(secret, Fixtures.KEY) + "\n");
  }

  @Test
  void audit_listsEventsWithActorAndTarget() {
    server.json(
        200,
        Fixtures.page(
            null,
            """
            {"id":"evt_1","time":"2026-01-02T03:04:05Z","actor":{"type":"root_key","id":"rk_1"},\
            "action":"key.created","target":{"type":"key","id":"key_1"},"request_id":"req_9"}"""));
    Cli.Result result = cli.run("audit", "list");
    assertThat(result.out())
        .isEqualTo(
            """
            TIME                  ACTION       ACTOR          TARGET     REQUEST_ID
            2026-01-02T03:04:05Z  key.created  root_key:rk_1  key:key_1  req_9
            """);
  }
}
