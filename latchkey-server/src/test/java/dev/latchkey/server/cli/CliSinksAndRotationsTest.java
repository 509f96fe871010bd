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
 * {@code latchkey sinks}, {@code services|keys rotation-policy}, {@code keys rotate-now} and {@code
 * keys rotations} against a real server.
 */
class CliSinksAndRotationsTest {
  private static final String TOKEN = "cli-sink-token-5e2b";

  @TempDir Path dir;

  private static JsonNode json(Cli.Result r) throws Exception {
    assertThat(r.code()).as(r.err()).isZero();
    return Json.mapper().readTree(r.out());
  }

  @Test
  void sinksPoliciesAndRotations_throughTheCli() throws Exception {
    try (TestServer t = new TestServer(dir.resolve("data"))) {
      Cli cli =
          Cli.withEnvironment(
              Map.of(
                  "LATCHKEY_URL",
                  t.uri().toString(),
                  "LATCHKEY_ROOT_KEY",
                  t.rootKey,
                  "SINK_TOKEN",
                  TOKEN));
      Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");

      Cli.Result created =
          cli.run(
              "sinks",
              "create",
              "--name",
              "mem",
              "--type",
              "memory",
              "--setting",
              "label=pods",
              "--credential",
              "token=env:SINK_TOKEN",
              "--json");
      String sink = json(created).get("id").asText();
      assertThat(created.out()).doesNotContain(TOKEN);
      assertThat(json(created).get("credentials").get(0).asText()).isEqualTo("token");
      assertThat(cli.run("sinks", "list").out()).contains(sink).contains("memory");
      assertThat(cli.run("sinks", "get", sink).out()).contains("pods").doesNotContain(TOKEN);
      Cli.Result updated =
          cli.run("sinks", "update", sink, "--credential", "token=@" + tokenFile, "--json");
      assertThat(json(updated).get("credentials").get(0).asText()).isEqualTo("token");
      assertThat(cli.run("sinks", "update", sink).code()).as("nothing to change").isEqualTo(2);

      Cli.Result plain =
          cli.run(
              "sinks",
              "create",
              "--name",
              "x",
              "--type",
              "memory",
              "--credential",
              "token=" + TOKEN);
      assertThat(plain.code()).isEqualTo(2);
      assertThat(plain.err()).contains("process list").doesNotContain(TOKEN);
      Cli.Result unset =
          cli.run(
              "sinks",
              "create",
              "--name",
              "x",
              "--type",
              "memory",
              "--credential",
              "token=env:NOPE");
      assertThat(unset.code()).isEqualTo(2);
      assertThat(unset.err()).contains("NOPE");
      Cli.Result badType = cli.run("sinks", "create", "--name", "x", "--type", "pigeon");
      assertThat(badType.code()).isEqualTo(3);
      assertThat(badType.err()).contains("type");

      String service =
          json(cli.run("services", "create", "--name", "payments", "--json")).get("id").asText();
      JsonNode policy =
          json(
              cli.run(
                  "services",
                  "rotation-policy",
                  "set",
                  service,
                  "--max-age",
                  "P90D",
                  "--sink",
                  sink,
                  "--json"));
      assertThat(policy.get("sink").asText()).isEqualTo(sink);
      assertThat(cli.run("services", "rotation-policy", "get", service).out()).contains(sink);
      assertThat(cli.run("services", "rotation-policy", "set", service).code()).isEqualTo(2);
      assertThat(cli.run("sinks", "delete", sink).code()).as("used by a policy").isEqualTo(3);

      JsonNode issued = json(cli.run("keys", "create", "--service", service, "--json"));
      String key = issued.get("data").get("id").asText();
      assertThat(
              cli.run(
                      "keys",
                      "rotation-policy",
                      "set",
                      key,
                      "--rotate-before-expiry",
                      "P7D",
                      "--grace-period",
                      "PT1H")
                  .code())
          .isZero();
      assertThat(cli.run("keys", "rotation-policy", "get", key).out()).contains("PT1H");

      Cli.Result now = cli.run("keys", "rotate-now", key, "--sink", sink);
      assertThat(now.code()).as(now.err()).isZero();
      assertThat(now.out()).contains("done").contains("memory:pods");
      String delivered = t.sink.lastSecret(key).orElseThrow();
      assertThat(now.out()).doesNotContain(delivered);
      assertThat(t.verify(delivered).get("code").asText()).isEqualTo("VALID");
      assertThat(cli.run("keys", "rotations", key).out()).contains("manual").contains("done");

      String broken =
          json(cli.run(
                  "sinks",
                  "create",
                  "--name",
                  "down",
                  "--type",
                  "memory",
                  "--setting",
                  "fail=true",
                  "--json"))
              .get("id")
              .asText();
      Cli.Result failed = cli.run("keys", "rotate-now", key, "--sink", broken);
      assertThat(failed.code()).as("pending, retried later").isEqualTo(1);
      assertThat(failed.out()).contains("pending").contains("refused");

      assertThat(cli.run("keys", "rotation-policy", "delete", key).code()).isZero();
      assertThat(cli.run("keys", "rotation-policy", "get", key).code()).isEqualTo(3);
      assertThat(cli.run("services", "rotation-policy", "delete", service).code()).isZero();
      assertThat(cli.run("sinks", "delete", sink).code()).isZero();
      assertThat(cli.run("sinks", "get", sink).code()).isEqualTo(3);
    }
  }
}
