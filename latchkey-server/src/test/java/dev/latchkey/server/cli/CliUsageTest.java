package dev.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code latchkey keys usage} and {@code latchkey services usage}: requests, table and chart. */
class CliUsageTest extends FakeServerCliTest {
  static final String KEY_USAGE =
      """
      {"key":"key_1","granularity":"hour","since":"2026-01-01T00:00:00Z",\
      "until":"2026-01-01T03:00:00Z","total":103,"buckets":[\
      {"start":"2026-01-01T00:00:00Z","total":80,"outcomes":{"VALID":79,"RATE_LIMITED":1}},\
      {"start":"2026-01-01T01:00:00Z","total":0,"outcomes":{}},\
      {"start":"2026-01-01T02:00:00Z","total":23,"outcomes":{"VALID":23}}]}""";

  static final String SERVICE_USAGE =
      """
      {"service":"svc_1","granularity":"day","since":"2026-01-01T00:00:00Z",\
      "until":"2026-01-02T00:00:00Z","total":1,"buckets":[\
      {"start":"2026-01-01T00:00:00Z","total":1,"outcomes":{"EXPIRED":1}}]}""";

  @Test
  void sendsTheRangeAndGranularityAsked_andNothingWhenLeftToTheServer() {
    server.json(200, KEY_USAGE).json(200, SERVICE_USAGE);

    assertThat(
            cli.run(
                    "keys",
                    "usage",
                    "key_1",
                    "--granularity",
                    "hour",
                    "--since",
                    "2026-01-01T00:00:00Z",
                    "--until",
                    "2026-01-01T03:00:00+00:00")
                .code())
        .isZero();
    assertThat(server.last().target())
        .isEqualTo(
            "/v1/keys/key_1/usage?granularity=hour&since=2026-01-01T00%3A00%3A00Z"
                + "&until=2026-01-01T03%3A00%3A00Z");
    assertThat(cli.run("services", "usage", "svc_1").code()).isZero();
    assertThat(server.last().target()).isEqualTo("/v1/services/svc_1/usage");
  }

  @Test
  void printsATableWithAColumnPerOutcome_andABarPerBucket() {
    server.json(200, KEY_USAGE);

    Cli.Result result = cli.run("keys", "usage", "key_1");

    String full = "█".repeat(40);
    String part = "█".repeat(11) + "▌"; // 23/80 of 40 cells: 11.5
    assertThat(result.out())
        .isEqualTo(
            """
            key          key_1
            granularity  hour
            since        2026-01-01T00:00:00Z
            until        2026-01-01T03:00:00Z
            total        103

            START                 TOTAL  RATE_LIMITED  VALID
            2026-01-01T00:00:00Z  80     1             79     %s
            2026-01-01T01:00:00Z  0      0             0
            2026-01-01T02:00:00Z  23     0             23     %s
            """
                .formatted(full, part));
  }

  @Test
  void ascii_drawsTheBarsWithHashes() {
    server.json(200, KEY_USAGE);

    Cli.Result result = cli.run("keys", "usage", "key_1", "--ascii");

    assertThat(result.out()).contains("79     " + "#".repeat(40) + "\n");
    assertThat(result.out()).contains("23     " + "#".repeat(12) + "\n");
    assertThat(result.out()).doesNotContain("█");
  }

  @Test
  void json_printsTheResponse() {
    server.json(200, SERVICE_USAGE);

    Cli.Result result = cli.run("services", "usage", "svc_1", "--json");

    assertThat(result.out()).contains("\"service\":\"svc_1\"").contains("\"EXPIRED\":1");
  }

  @Test
  void barsAreScaledToTheLargestBucket_andAnyCountShowsASliver() {
    assertThat(UsageCommand.bar(1, 1000, false)).isEqualTo("▏");
    assertThat(UsageCommand.bar(1, 1000, true)).isEqualTo("#");
    assertThat(UsageCommand.bar(0, 1000, false)).isEmpty();
    assertThat(UsageCommand.bar(500, 1000, false)).isEqualTo("█".repeat(20));
  }
}
