package dev.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.api.Json;
import dev.latchkey.server.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code latchkey alerts} and {@code latchkey webhooks} against a real server. */
class CliAlertsTest {
  @TempDir Path dir;

  private static JsonNode json(Cli.Result r) throws Exception {
    assertThat(r.code()).as(r.err()).isZero();
    return Json.mapper().readTree(r.out());
  }

  @Test
  void webhooksAndAlerts_throughTheCli() throws Exception {
    try (TestServer t = new TestServer(dir, c -> c.withWebhooks(c.webhooks().withMaxAttempts(1)))) {
      Cli cli =
          Cli.withEnvironment(
              Map.of("LATCHKEY_URL", t.uri().toString(), "LATCHKEY_ROOT_KEY", t.rootKey));

      Cli.Result created =
          cli.run(
              "webhooks",
              "create",
              "--endpoint",
              "http://127.0.0.1:9/hook",
              "--rule",
              "secret_leaked");
      assertThat(created.code()).as(created.err()).isZero();
      assertThat(created.out()).contains("will not be shown again").contains("whsec_");
      String id =
          json(cli.run("webhooks", "list", "--json")).get("items").get(0).get("id").asText();
      assertThat(cli.run("webhooks", "show", id).out()).contains("secret_leaked");
      assertThat(cli.run("webhooks", "update", id, "--disable").out()).contains("false");
      assertThat(cli.run("webhooks", "update", id).code()).as("nothing to change").isEqualTo(2);
      cli.run("webhooks", "update", id, "--enable");
      assertThat(
              json(cli.run("webhooks", "rotate-secret", id, "--grace-period", "PT1H", "--json"))
                  .get("signing_secret")
                  .asText())
          .startsWith("whsec_");

      String alert = t.raiseAlert("secret_leaked", "key_x", "k");
      t.deliverDue();
      Cli.Result dead = cli.run("webhooks", "deliveries", id, "--status", "dead");
      assertThat(dead.out()).contains("dead").contains("connect");
      String delivery =
          json(cli.run("webhooks", "deliveries", id, "--status", "dead", "--json"))
              .get("items")
              .get(0)
              .get("id")
              .asText();
      assertThat(cli.run("webhooks", "retry", id, delivery).out()).contains("pending");

      assertThat(cli.run("alerts", "list", "--status", "open").out())
          .contains(alert)
          .contains("secret_leaked");
      assertThat(cli.run("alerts", "show", alert).out()).contains("key:key_x");
      assertThat(cli.run("alerts", "ack", alert, "--note", "handled").out())
          .contains("acknowledged");
      assertThat(cli.run("alerts", "set-rule", "secret_leaked", "--action", "disable_key").out())
          .contains("disable_key");
      assertThat(cli.run("alerts", "rules").out()).contains("disable_key");

      Cli.Result refused = cli.run("webhooks", "create", "--endpoint", "http://10.0.0.1/");
      assertThat(refused.code()).isEqualTo(3);
      assertThat(refused.err()).contains("url");
      assertThat(cli.run("alerts", "show", "nope").code()).isEqualTo(3);

      assertThat(cli.run("webhooks", "delete", id).code()).isZero();
      assertThat(cli.run("webhooks", "show", id).code()).isEqualTo(3);
    }
  }
}
