package dev.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.api.Json;
import dev.latchkey.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's CLI walkthrough, against a real server: service, consumer, key, verify, rotate,
 * revoke.
 */
class CliWalkthroughTest {
  @TempDir Path dir;

  private static JsonNode json(Cli.Result r) throws Exception {
    assertThat(r.code()).as(r.err()).isZero();
    return Json.mapper().readTree(r.out());
  }

  @Test
  void readmeWalkthrough_worksAsPrinted() throws Exception {
    try (TestServer t = new TestServer(dir.resolve("data"))) {
      Cli cli =
          Cli.withEnvironment(
              Map.of("LATCHKEY_URL", t.uri().toString(), "LATCHKEY_ROOT_KEY", t.rootKey));
      String svc =
          json(cli.run("services", "create", "--name", "billing", "--prefix", "bill", "--json"))
              .get("id")
              .asText();
      String con =
          json(cli.run("consumers", "create", "--name", "checkout", "--json")).get("id").asText();
      JsonNode created =
          json(cli.run("keys", "create", "--service", svc, "--consumer", con, "--json"));
      String key = created.get("key").asText();
      String keyId = created.get("data").get("id").asText();

      Cli.Result valid = cli.run("keys", "verify", key, "--service", "billing");
      assertThat(valid.code()).isZero();
      assertThat(valid.out()).contains("VALID");

      String rotated =
          json(cli.run("keys", "rotate", keyId, "--grace-period", "PT1H", "--json"))
              .get("key")
              .asText();
      assertThat(cli.run("keys", "verify", rotated).code()).isZero();
      Cli.Result old = cli.run("keys", "verify", key);
      assertThat(old.code()).isZero();
      assertThat(old.out()).contains("previous_secret_used");

      assertThat(cli.run("keys", "revoke", keyId, "--reason", "walkthrough").code()).isZero();
      Cli.Result revoked = cli.run("keys", "verify", rotated);
      assertThat(revoked.code()).isEqualTo(ExitCodes.NOT_VALID);
      assertThat(revoked.out()).contains("REVOKED");

      assertThat(cli.run("keys", "list", "--service", svc).out())
          .contains(keyId)
          .contains("REVOKED");
      assertThat(cli.run("audit", "list").out()).contains("key.revoked").contains("key.rotated");

      Path rootKeyFile = dir.resolve("root-key");
      Files.writeString(rootKeyFile, t.rootKey + "\n");
      Cli viaFile = Cli.withEnvironment(Map.of("LATCHKEY_URL", t.uri().toString()));
      assertThat(viaFile.run("services", "list", "--root-key-file", rootKeyFile.toString()).out())
          .contains("billing");
      Cli wrongKey =
          Cli.withEnvironment(
              Map.of("LATCHKEY_URL", t.uri().toString(), "LATCHKEY_ROOT_KEY", "lk_root_nope"));
      assertThat(wrongKey.run("services", "list").code()).isEqualTo(ExitCodes.AUTH);
      assertThat(cli.run("keys", "get", "key_AAAAAAAAAAAAAAAAAAAAAAAA").code())
          .isEqualTo(ExitCodes.REFUSED);
    }
  }

  @Test
  void roles_createListGetUpdate_againstARealServer() throws Exception {
    try (TestServer t = new TestServer(dir.resolve("data"))) {
      Cli cli =
          Cli.withEnvironment(
              Map.of("LATCHKEY_URL", t.uri().toString(), "LATCHKEY_ROOT_KEY", t.rootKey));
      String id =
          json(cli.run(
                  "roles",
                  "create",
                  "order-reader",
                  "--permission",
                  "orders:read",
                  "--description",
                  "Reads orders.",
                  "--condition",
                  "request.method == 'GET'",
                  "--json"))
              .get("id")
              .asText();
      assertThat(cli.run("roles", "list").out()).contains(id).contains("orders:read");
      JsonNode changed =
          json(
              cli.run(
                  "roles", "update", id, "--permission", "orders:*", "--no-description", "--json"));
      assertThat(changed.get("permissions").get(0).asText()).isEqualTo("orders:*");
      assertThat(changed.has("description")).isFalse();
      assertThat(changed.get("condition").asText()).isEqualTo("request.method == 'GET'");
      assertThat(cli.run("roles", "get", id).out()).contains("orders:*");
      Cli.Result bad = cli.run("roles", "create", "x", "--permission", "Orders");
      assertThat(bad.code()).isEqualTo(ExitCodes.REFUSED);
      assertThat(bad.err()).contains("permissions[0]");
      Cli.Result badCondition = cli.run("roles", "update", id, "--condition", "request.method");
      assertThat(badCondition.code()).isEqualTo(ExitCodes.REFUSED);
      assertThat(badCondition.err()).contains("condition: ").contains(" at 1:");
      assertThat(cli.run("roles", "update", id, "--no-condition", "--json").out())
          .doesNotContain("condition");
    }
  }

  @Test
  void limitsAndCredits_againstARealServer() throws Exception {
    try (TestServer t = new TestServer(dir.resolve("data"))) {
      Cli cli =
          Cli.withEnvironment(
              Map.of("LATCHKEY_URL", t.uri().toString(), "LATCHKEY_ROOT_KEY", t.rootKey));
      String svc =
          json(cli.run("services", "create", "--name", "api", "--json")).get("id").asText();
      String con =
          json(cli.run(
                  "consumers",
                  "create",
                  "--name",
                  "acme",
                  "--limit",
                  "requests=100/1s",
                  "--credits",
                  "10000",
                  "--refill",
                  "10000@1",
                  "--json"))
              .get("id")
              .asText();
      String keyId =
          json(cli.run(
                  "keys",
                  "create",
                  "--service",
                  svc,
                  "--consumer",
                  con,
                  "--limit",
                  "requests=10/1s",
                  "--credits",
                  "50",
                  "--refill",
                  "50/1d",
                  "--json"))
              .get("data")
              .get("id")
              .asText();

      assertThat(cli.run("keys", "credits", keyId, "--add", "-20").out()).contains("credits  30");
      assertThat(cli.run("keys", "update", keyId, "--credits", "7").out())
          .contains("credits        7")
          .contains("refill         to 50 every P1D");
      assertThat(cli.run("consumers", "credits", con, "--set", "5").out()).contains("credits  5");
      assertThat(cli.run("consumers", "get", con).out())
          .contains("limits       requests=100/PT1S")
          .contains("refill       to 10000 on day 1 of each month");
      Cli.Result removed = cli.run("keys", "update", keyId, "--no-credits", "--no-limits");
      assertThat(removed.out()).contains("credits        unlimited");
      Cli.Result none = cli.run("keys", "credits", keyId, "--set", "1");
      assertThat(none.code()).isEqualTo(ExitCodes.REFUSED);
      assertThat(none.err()).contains("has no credits");
      Cli.Result bad = cli.run("keys", "update", keyId, "--limit", "requests=1/2d");
      assertThat(bad.code()).isEqualTo(ExitCodes.REFUSED);
      assertThat(bad.err()).contains("limits[0].period");
    }
  }

  @Test
  void unreachableServer_exitsFive() {
    Cli cli =
        Cli.withEnvironment(
            Map.of("LATCHKEY_URL", "http://127.0.0.1:9", "LATCHKEY_ROOT_KEY", "lk_root_x"));
    assertThat(cli.run("services", "list").code()).isEqualTo(ExitCodes.UNAVAILABLE);
  }
}
