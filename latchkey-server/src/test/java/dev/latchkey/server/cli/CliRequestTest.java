package dev.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.client.testing.FakeServer;
import dev.latchkey.core.secret.KeyFormat;
import org.junit.jupiter.api.Test;

/** Each command sends the request the API expects. */
class CliRequestTest extends FakeServerCliTest {
  private FakeServer.Recorded sent(int expectedCode, String... args) {
    Cli.Result result = cli.run(args);
    assertThat(result.code()).as(result.err()).isEqualTo(expectedCode);
    return server.last();
  }

  @Test
  void servicesCreate_postsNameAndPrefixWithIdempotencyKey() {
    server.json(201, Fixtures.SERVICE);
    var request =
        sent(
            0,
            "services",
            "create",
            "--name",
            "payments",
            "--prefix",
            "pay",
            "--idempotency-key",
            "run-1");
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.target()).isEqualTo("/v1/services");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + rootKey);
    assertThat(request.header("Idempotency-Key")).isEqualTo("run-1");
    assertThat(request.body()).isEqualTo("{\"name\":\"payments\",\"prefix\":\"pay\"}");
  }

  @Test
  void servicesUpdate_patchesOnlyWhatWasGiven() {
    server.json(200, Fixtures.SERVICE);
    var request = sent(0, "services", "update", "svc_1", "--prefix", "pay2");
    assertThat(request.method()).isEqualTo("PATCH");
    assertThat(request.target()).isEqualTo("/v1/services/svc_1");
    assertThat(request.body()).isEqualTo("{\"prefix\":\"pay2\"}");
  }

  @Test
  void consumersCreate_sendsMetaAsAJsonObject() {
    server.json(201, Fixtures.CONSUMER);
    var request =
        sent(
            0,
            "consumers",
            "create",
            "--name",
            "acme",
            "--external-id",
            "crm-7",
            "--meta",
            "{\"tier\":\"gold\",\"seats\":5}");
    assertThat(request.body())
        .isEqualTo(
            "{\"name\":\"acme\",\"external_id\":\"crm-7\",\"meta\":{\"tier\":\"gold\",\"seats\":5}}");
  }

  @Test
  void consumersUpdate_noExternalIdSendsExplicitNull() {
    server.json(200, Fixtures.CONSUMER);
    var request = sent(0, "consumers", "update", "con_1", "--no-external-id");
    assertThat(request.body()).isEqualTo("{\"external_id\":null}");
  }

  @Test
  void keysCreate_sendsEveryOption() {
    server.json(201, Fixtures.issued(KeyFormat.generate("pay").reveal(), Fixtures.KEY));
    var request =
        sent(
            0,
            "keys",
            "create",
            "--service",
            "svc_1",
            "--consumer",
            "con_1",
            "--name",
            "ci",
            "--meta",
            "{\"env\":\"prod\"}",
            "--expires-at",
            "2027-01-31T02:00:00+02:00",
            "--disabled",
            "--idempotency-key",
            "k-1");
    assertThat(request.target()).isEqualTo("/v1/keys");
    assertThat(request.header("Idempotency-Key")).isEqualTo("k-1");
    assertThat(request.body())
        .isEqualTo(
            "{\"service\":\"svc_1\",\"consumer\":\"con_1\",\"name\":\"ci\",\"meta\":{\"env\":\"prod\"},"
                + "\"expires_at\":\"2027-01-31T00:00:00Z\",\"enabled\":false}");
  }

  @Test
  void keysCreate_withoutDisabledLeavesEnabledToTheServer() {
    server.json(201, Fixtures.issued(KeyFormat.generate("pay").reveal(), Fixtures.KEY));
    assertThat(sent(0, "keys", "create", "--service", "svc_1").body())
        .isEqualTo("{\"service\":\"svc_1\"}");
  }

  @Test
  void keysList_sendsFiltersAndPaging() {
    server.json(200, Fixtures.page(null));
    var request =
        sent(
            0,
            "keys",
            "list",
            "--service",
            "svc_1",
            "--consumer",
            "con_1",
            "--state",
            "revoked",
            "--page-size",
            "50",
            "--page-token",
            "abc");
    assertThat(request.target())
        .isEqualTo(
            "/v1/keys?service=svc_1&consumer=con_1&state=REVOKED&page_size=50&page_token=abc");
  }

  @Test
  void keysList_expiringWithin_shortOrIso_sendsAnIsoDuration() {
    server.json(200, Fixtures.page(null)).json(200, Fixtures.page(null));
    assertThat(sent(0, "keys", "list", "--expiring-within", "7d").target())
        .startsWith("/v1/keys?expiring_within=PT168H&");
    assertThat(sent(0, "keys", "list", "--expiring-within", "PT36H").target())
        .startsWith("/v1/keys?expiring_within=PT36H&");
  }

  @Test
  void keysUpdate_noExpiryAndDisable() {
    server.json(200, Fixtures.KEY);
    var request = sent(0, "keys", "update", "key_1", "--no-expiry", "--disable");
    assertThat(request.method()).isEqualTo("PATCH");
    assertThat(request.target()).isEqualTo("/v1/keys/key_1");
    assertThat(request.body()).isEqualTo("{\"expires_at\":null,\"enabled\":false}");
  }

  @Test
  void keysUpdate_expiresAtAndEnable() {
    server.json(200, Fixtures.KEY);
    var request =
        sent(
            0,
            "keys",
            "update",
            "key_1",
            "--expires-at",
            "2027-01-01T00:00:00Z",
            "--enable",
            "--name",
            "renamed");
    assertThat(request.body())
        .isEqualTo(
            "{\"name\":\"renamed\",\"expires_at\":\"2027-01-01T00:00:00Z\",\"enabled\":true}");
  }

  @Test
  void keysRotateAndRevoke_useTheCustomVerbs() {
    server.json(200, Fixtures.issued(KeyFormat.generate("pay").reveal(), Fixtures.KEY));
    var rotate = sent(0, "keys", "rotate", "key_1", "--grace-period", "PT1H");
    assertThat(rotate.target()).isEqualTo("/v1/keys/key_1:rotate");
    assertThat(rotate.body()).isEqualTo("{\"grace_period\":\"PT1H\"}");
    server.json(200, Fixtures.KEY);
    var revoke = sent(0, "keys", "revoke", "key_1", "--reason", "leaked");
    assertThat(revoke.target()).isEqualTo("/v1/keys/key_1:revoke");
    assertThat(revoke.body()).isEqualTo("{\"reason\":\"leaked\"}");
  }

  @Test
  void keysVerify_dashReadsTheKeyFromStdin() {
    String key = KeyFormat.generate("pay").reveal();
    server.json(200, "{\"valid\":true,\"code\":\"VALID\",\"key_id\":\"key_1\"}");
    Cli.Result result =
        cli.runWithStdin(key + "\n", "keys", "verify", "-", "--service", "payments");
    assertThat(result.code()).isZero();
    assertThat(server.last().target()).isEqualTo("/v1/keys:verify");
    assertThat(server.last().body())
        .isEqualTo("{\"key\":\"" + key + "\",\"service\":\"payments\"}");
  }

  @Test
  void keysVerify_sendsTheQueryAndTheRequestAttributes() {
    String key = KeyFormat.generate("pay").reveal();
    server.json(
        200,
        "{\"valid\":false,\"code\":\"INSUFFICIENT_PERMISSIONS\",\"key_id\":\"key_1\","
            + "\"missing_permissions\":[\"orders:write\"]}");
    Cli.Result result =
        cli.runWithStdin(
            key + "\n",
            "keys",
            "verify",
            "-",
            "--permissions",
            "orders:read AND orders:write",
            "--ip",
            "10.0.0.1",
            "--method",
            "GET",
            "--header",
            "x-team=billing");
    assertThat(result.code()).isEqualTo(ExitCodes.NOT_VALID);
    assertThat(result.out()).contains("orders:write");
    assertThat(server.last().body())
        .isEqualTo(
            "{\"key\":\""
                + key
                + "\",\"permissions\":\"orders:read AND orders:write\",\"context\":{\"request\":"
                + "{\"ip\":\"10.0.0.1\",\"method\":\"GET\",\"headers\":{\"x-team\":\"billing\"}}}}");
  }

  @Test
  void keysCreateAndUpdate_sendAccess() {
    server.json(201, Fixtures.issued(KeyFormat.generate("pay").reveal(), Fixtures.KEY));
    var create =
        sent(
            0,
            "keys",
            "create",
            "--service",
            "svc_1",
            "--permission",
            "orders:read",
            "--permission",
            "orders:write",
            "--role",
            "auditor",
            "--condition",
            "request.method == 'GET'");
    assertThat(create.body())
        .isEqualTo(
            "{\"service\":\"svc_1\",\"permissions\":[\"orders:read\",\"orders:write\"],"
                + "\"roles\":[\"auditor\"],\"condition\":\"request.method == 'GET'\"}");
    server.json(200, Fixtures.KEY);
    var update = sent(0, "keys", "update", "key_1", "--no-permissions", "--no-condition");
    assertThat(update.body()).isEqualTo("{\"permissions\":[],\"condition\":null}");
  }

  @Test
  void rootKeysCreate_sendsScopeAndKeyPermissions() {
    server.json(201, Fixtures.issued(KeyFormat.generateRoot().reveal(), Fixtures.ROOT_KEY));
    var request =
        sent(
            0,
            "root-keys",
            "create",
            "--name",
            "orders-team",
            "--permission",
            "keys.create",
            "--service",
            "svc_1",
            "--key-permission",
            "orders:*");
    assertThat(request.body())
        .isEqualTo(
            "{\"name\":\"orders-team\",\"permissions\":[\"keys.create\"],"
                + "\"services\":[\"svc_1\"],\"key_permissions\":[\"orders:*\"]}");
  }

  @Test
  void keysVerify_emptyStdinIsAUsageError() {
    Cli.Result result = cli.runWithStdin("", "keys", "verify", "-");
    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("no key on stdin");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void rootKeysCreate_sendsRepeatedPermissions() {
    server.json(201, Fixtures.issued(KeyFormat.generateRoot().reveal(), Fixtures.ROOT_KEY));
    var request =
        sent(
            0,
            "root-keys",
            "create",
            "--name",
            "ops",
            "--permission",
            "keys.read",
            "--permission",
            "keys.create",
            "--expires-at",
            "2027-01-01T00:00:00Z");
    assertThat(request.target()).isEqualTo("/v1/root-keys");
    assertThat(request.body())
        .isEqualTo(
            "{\"name\":\"ops\",\"permissions\":[\"keys.read\",\"keys.create\"],"
                + "\"expires_at\":\"2027-01-01T00:00:00Z\"}");
  }

  @Test
  void rootKeysGetListRevoke_hitTheirRoutes() {
    server.json(200, Fixtures.ROOT_KEY);
    assertThat(sent(0, "root-keys", "get", "rk_1").target()).isEqualTo("/v1/root-keys/rk_1");
    server.json(200, Fixtures.page(null, Fixtures.ROOT_KEY));
    assertThat(sent(0, "root-keys", "list").target()).isEqualTo("/v1/root-keys?page_size=20");
    server.json(200, Fixtures.ROOT_KEY);
    var revoke = sent(0, "root-keys", "revoke", "rk_1");
    assertThat(revoke.target()).isEqualTo("/v1/root-keys/rk_1:revoke");
    assertThat(revoke.body()).isEqualTo("{}");
  }

  @Test
  void getCommands_hitTheirRoutes() {
    server.json(200, Fixtures.SERVICE).json(200, Fixtures.CONSUMER).json(200, Fixtures.KEY);
    assertThat(sent(0, "services", "get", "svc_1").target()).isEqualTo("/v1/services/svc_1");
    assertThat(sent(0, "consumers", "get", "con_1").target()).isEqualTo("/v1/consumers/con_1");
    assertThat(sent(0, "keys", "get", "key_1").target()).isEqualTo("/v1/keys/key_1");
  }
}
