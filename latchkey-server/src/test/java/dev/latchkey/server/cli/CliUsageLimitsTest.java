package dev.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.secret.KeyFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --limit}, {@code --credits}, {@code --refill} and the {@code credits} verbs. */
class CliUsageLimitsTest extends FakeServerCliTest {
  static final String LIMITED_KEY =
      """
      {"id":"key_1","service":"svc_1","start":"pay_AbCd","enabled":true,"state":"ACTIVE",\
      "created_at":"2026-01-02T03:04:05Z","updated_at":"2026-01-02T03:04:05Z",\
      "limits":[{"name":"requests","limit":100,"period":"PT1S"},\
      {"name":"daily","limit":5000,"period":"P1D"}],\
      "credits":{"remaining":750,"refill":{"amount":1000,"interval":"P1D"}}}""";

  private void refused(String... args) {
    Cli.Result result = cli.run(args);
    assertThat(result.code()).as(result.out()).isEqualTo(ExitCodes.USAGE);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void keysCreate_sendsLimitsInIso8601_andCreditsWithAnIntervalRefill() {
    server.json(201, Fixtures.issued(KeyFormat.generate("pay").reveal(), LIMITED_KEY));

    var request =
        sent(
            "keys",
            "create",
            "--service",
            "svc_1",
            "--limit",
            "requests=100/1s",
            "--limit",
            "daily=5000/1d",
            "--limit",
            "bulk=10/PT5M",
            "--credits",
            "1000",
            "--refill",
            "1000/24h");

    assertThat(request.body())
        .isEqualTo(
            "{\"service\":\"svc_1\",\"limits\":["
                + "{\"name\":\"requests\",\"limit\":100,\"period\":\"PT1S\"},"
                + "{\"name\":\"daily\",\"limit\":5000,\"period\":\"P1D\"},"
                + "{\"name\":\"bulk\",\"limit\":10,\"period\":\"PT5M\"}],"
                + "\"credits\":{\"remaining\":1000,"
                + "\"refill\":{\"amount\":1000,\"interval\":\"PT24H\"}}}");
  }

  @Test
  void consumersCreate_sendsAMonthlyRefill() {
    server.json(201, Fixtures.CONSUMER);

    var request =
        sent(
            "consumers",
            "create",
            "--name",
            "acme",
            "--limit",
            "requests=50/30s",
            "--credits",
            "10000",
            "--refill",
            "10000@1");

    assertThat(request.body())
        .isEqualTo(
            "{\"name\":\"acme\",\"limits\":[{\"name\":\"requests\",\"limit\":50,"
                + "\"period\":\"PT30S\"}],\"credits\":{\"remaining\":10000,"
                + "\"refill\":{\"amount\":10000,\"day_of_month\":1}}}");
  }

  @Test
  void createWithARefillButNoBalance_isAUsageError() {
    refused("keys", "create", "--service", "svc_1", "--refill", "10/1h");
    refused("consumers", "create", "--name", "a", "--refill", "10@1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"requests", "requests=100", "requests=x/1s", "=1/1s", "r=1/1w", "r=1/", "r=1/s"})
  void badLimits_areUsageErrors(String limit) {
    refused("keys", "create", "--service", "svc_1", "--limit", limit);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1000", "1000/", "x/1d", "1000@0", "1000@32", "1000@x", "5/1d@1"})
  void badRefills_areUsageErrors(String refill) {
    refused("consumers", "create", "--name", "a", "--credits", "1", "--refill", refill);
  }

  @Test
  void update_noLimitsAndNoCredits_sendEmptyLimitsAndNullCredits() {
    server.json(200, Fixtures.KEY).json(200, Fixtures.CONSUMER);

    var key = sent("keys", "update", "key_1", "--no-limits", "--no-credits");
    var consumer = sent("consumers", "update", "con_1", "--limit", "r=1/1m", "--no-credits");

    assertThat(key.method()).isEqualTo("PATCH");
    assertThat(key.body()).isEqualTo("{\"limits\":[],\"credits\":null}");
    assertThat(consumer.body())
        .isEqualTo(
            "{\"limits\":[{\"name\":\"r\",\"limit\":1,\"period\":\"PT1M\"}],\"credits\":null}");
  }

  @Test
  void update_creditsAlone_keepsTheCurrentRefill_readingItFirst() {
    server.json(200, LIMITED_KEY).json(200, LIMITED_KEY);

    sent("keys", "update", "key_1", "--credits", "50");

    assertThat(server.requests()).hasSize(2);
    assertThat(server.requests().get(0).method()).isEqualTo("GET");
    assertThat(server.requests().get(0).target()).isEqualTo("/v1/keys/key_1");
    assertThat(server.last().body())
        .isEqualTo(
            "{\"credits\":{\"remaining\":50,\"refill\":{\"amount\":1000,\"interval\":\"P1D\"}}}");
  }

  @Test
  void update_refillAlone_keepsTheBalance_withoutReading() {
    server.json(200, Fixtures.CONSUMER);

    sent("consumers", "update", "con_1", "--refill", "500@15");

    assertThat(server.requests()).hasSize(1);
    assertThat(server.last().body())
        .isEqualTo("{\"credits\":{\"refill\":{\"amount\":500,\"day_of_month\":15}}}");
  }

  @Test
  void update_contradictoryOptions_areUsageErrors() {
    refused("keys", "update", "key_1", "--limit", "r=1/1s", "--no-limits");
    refused("keys", "update", "key_1", "--credits", "5", "--no-credits");
    refused("consumers", "update", "con_1", "--refill", "5/1d", "--no-credits");
  }

  @Test
  void keysVerify_sendsCostAndLimitNames_andPrintsTheRateLimit() {
    String key = dev.latchkey.core.secret.KeyFormat.generate("pay").reveal();
    server.json(
        200,
        "{\"valid\":false,\"code\":\"RATE_LIMITED\",\"key_id\":\"key_1\","
            + "\"rate_limit\":{\"name\":\"bulk\",\"limit\":10,\"remaining\":0,"
            + "\"reset\":\"2030-01-01T10:01:00Z\"}}");

    Cli.Result result =
        cli.runWithStdin(
            key + "\n", "keys", "verify", "-", "--cost", "3", "--limit", "bulk", "--limit", "x");

    assertThat(result.code()).isEqualTo(ExitCodes.NOT_VALID);
    assertThat(server.last().body())
        .isEqualTo("{\"key\":\"" + key + "\",\"cost\":3,\"limits\":[\"bulk\",\"x\"]}");
    assertThat(result.out())
        .contains("RATE_LIMITED")
        .contains("bulk 0/10 left, reset 2030-01-01T10:01:00Z");
  }

  @Test
  void rateLimitsCheck_sendsTheLimit_andExitsOneWhenNotAllowed() {
    server
        .json(
            200,
            "{\"allowed\":true,\"limit\":5,\"remaining\":4,\"reset\":\"2030-01-01T10:15:00Z\"}")
        .json(
            200,
            "{\"allowed\":false,\"limit\":5,\"remaining\":0,\"reset\":\"2030-01-01T10:15:00Z\"}");
    String[] args = {
      "ratelimits",
      "check",
      "--namespace",
      "login",
      "--identifier",
      "alice",
      "--limit",
      "5",
      "--period",
      "15m"
    };

    Cli.Result allowed = cli.run(args);
    var request = server.last();
    Cli.Result refused = cli.run(args);

    assertThat(request.target()).isEqualTo("/v1/ratelimits:check");
    assertThat(request.body())
        .isEqualTo(
            "{\"namespace\":\"login\",\"identifier\":\"alice\",\"limit\":5,\"period\":\"PT15M\"}");
    assertThat(allowed.code()).isZero();
    assertThat(allowed.out()).contains("allowed").contains("remaining  4");
    assertThat(refused.code()).isEqualTo(ExitCodes.NOT_VALID);
  }

  @Test
  void creditsVerb_sendsTheIdempotencyKey_whenGiven() {
    server.json(200, "{\"remaining\":15}");

    cli.run("keys", "credits", "key_1", "--add", "10", "--idempotency-key", "purchase-42");

    assertThat(server.last().header("Idempotency-Key")).isEqualTo("purchase-42");
  }

  @Test
  void creditsVerbs_postSetOrAdd_andPrintTheBalance() {
    server
        .json(200, "{\"remaining\":5,\"refill\":{\"amount\":10,\"day_of_month\":1}}")
        .json(200, "{\"remaining\":0}");

    Cli.Result added = cli.run("keys", "credits", "key_1", "--add", "-5");
    var keyRequest = server.last();
    Cli.Result set = cli.run("consumers", "credits", "con_1", "--set", "0");

    assertThat(keyRequest.target()).isEqualTo("/v1/keys/key_1:credits");
    assertThat(keyRequest.body()).isEqualTo("{\"add\":-5}");
    assertThat(server.last().target()).isEqualTo("/v1/consumers/con_1:credits");
    assertThat(server.last().body()).isEqualTo("{\"set\":0}");
    assertThat(added.out())
        .isEqualTo(
            """
            credits  5
            refill   to 10 on day 1 of each month
            """);
    assertThat(set.out())
        .isEqualTo(
            """
            credits  0
            refill   -
            """);
  }

  @Test
  void creditsVerbs_needExactlyOneOfSetAndAdd() {
    refused("keys", "credits", "key_1");
    refused("keys", "credits", "key_1", "--set", "1", "--add", "1");
    refused("consumers", "credits", "con_1", "--add", "many");
  }

  @Test
  void aKeysView_showsItsLimitsAndCredits() {
    server.json(200, LIMITED_KEY);

    Cli.Result result = cli.run("keys", "get", "key_1");

    assertThat(result.out())
        .contains("limits         requests=100/PT1S,daily=5000/P1D\n")
        .contains("credits        750\n")
        .contains("refill         to 1000 every P1D\n");
  }
}
