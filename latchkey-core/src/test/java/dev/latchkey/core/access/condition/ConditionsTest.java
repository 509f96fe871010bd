package dev.latchkey.core.access.condition;

import static dev.latchkey.core.access.condition.Condition.Result.ALLOWED;
import static dev.latchkey.core.access.condition.Condition.Result.DENIED;
import static dev.latchkey.core.access.condition.Condition.Result.ERROR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.access.condition.Condition.Result;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionsTest {
  private static final Conditions CONDITIONS = Conditions.create();

  private static Result eval(String expression, ConditionInput input) {
    return CONDITIONS.compile(expression).evaluate(input);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "request.method == 'GET'                                    | ALLOWED",
        "request.method == 'POST'                                   | DENIED",
        "request.path.startsWith('/orders')                         | ALLOWED",
        "request.path.startsWith('/payments')                       | DENIED",
        "request.service == 'orders'                                | ALLOWED",
        "request.headers['x-team'] == 'blue'                        | ALLOWED",
        "'x-team' in request.headers && request.headers['x-team'] == 'red' | DENIED",
        "request.method == 'GET' && request.ip.in_cidr('10.0.0.0/8') | ALLOWED",
        "request.ip.in_cidr('192.168.0.0/16')                       | DENIED",
        "key.meta.tier == 'gold'                                    | ALLOWED",
        "has(key.meta.tier) && !has(key.meta.missing)               | ALLOWED",
        "key.meta.quota == 3 && key.meta.quota < 3.5                | ALLOWED",
        "'eu' in key.meta.regions                                   | ALLOWED",
        "key.meta.regions.exists(r, r == 'apac')                    | DENIED",
        "key.consumer == 'con_1'                                    | ALLOWED",
        "key.created_at < now                                       | ALLOWED",
        "now - key.created_at > duration('720h')                    | ALLOWED",
        "request.path.matches('^/orders/[0-9]+$')                   | ALLOWED",
        "matches(request.path, '^/payments/')                       | DENIED",
      })
  void typicalConditions_allowOrDeny(String expression, Result expected) {
    assertThat(eval(expression, Inputs.input())).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} in {1} -> {2}")
  @CsvSource({
    "10.1.2.3, 10.0.0.0/8, true",
    "11.1.2.3, 10.0.0.0/8, false",
    "192.168.1.255, 192.168.1.0/24, true",
    "192.168.2.0, 192.168.1.0/24, false",
    "203.0.113.9, 0.0.0.0/0, true",
    "203.0.113.9, 203.0.113.9/32, true",
    "203.0.113.8, 203.0.113.9/32, false",
    "2001:db8::1, 2001:db8::/32, true",
    "2001:db9::1, 2001:db8::/32, false",
    "::1, ::1/128, true",
    "10.1.2.3, ::/0, false",
    "2001:db8::1, 0.0.0.0/0, false",
    "::ffff:10.1.2.3, 10.0.0.0/8, true",
    "not-an-ip, 10.0.0.0/8, false",
    "010.1.2.3, 10.0.0.0/8, false",
    "10.1.2, 10.0.0.0/8, false",
    "'', 10.0.0.0/8, false",
    "localhost, 127.0.0.0/8, false",
  })
  void inCidr_matchesIpv4AndIpv6Literals_andNothingElse(String ip, String cidr, boolean inside) {
    assertThat(eval("request.ip.in_cidr('" + cidr + "')", Inputs.from(ip)))
        .isEqualTo(inside ? ALLOWED : DENIED);
  }

  @Test
  void inCidr_withAMalformedRangeFromData_isAnError() {
    ConditionInput input = Inputs.withMeta(Map.of("net", "10.0.0.0/33"));
    assertThat(eval("request.ip.in_cidr(key.meta.net)", input)).isEqualTo(ERROR);
    ConditionInput good = Inputs.withMeta(Map.of("net", "10.0.0.0/8"));
    assertThat(eval("request.ip.in_cidr(key.meta.net)", good)).isEqualTo(ALLOWED);
  }

  @Test
  void absentAttributes_areEmpty_notErrors() {
    ConditionInput bare = new ConditionInput(null, null, Inputs.NOW);
    assertThat(eval("request.method == '' && request.headers.size() == 0", bare))
        .isEqualTo(ALLOWED);
    assertThat(eval("key.consumer == '' && key.meta.size() == 0", bare)).isEqualTo(ALLOWED);
    assertThat(eval("request.ip.in_cidr('0.0.0.0/0')", bare)).isEqualTo(DENIED);
    ConditionInput.Request nulls = new ConditionInput.Request(null, null, null, null, null);
    assertThat(nulls.headers()).isEmpty();
    assertThat(nulls.ip()).isEmpty();
  }

  @Test
  void headerNames_areLowerCased_andNullEntriesDropped() {
    Map<String, String> headers = new HashMap<>();
    headers.put("X-Tenant", "acme");
    headers.put("X-Empty", null);
    var request = new ConditionInput.Request("", "", "", "", headers);
    assertThat(request.headers()).containsExactly(Map.entry("x-tenant", "acme"));
  }

  @Test
  void runtimeErrors_areErrorResults_neverExceptions() {
    ConditionInput input = Inputs.input();
    assertThat(eval("key.meta.missing == 'x'", input)).isEqualTo(ERROR);
    assertThat(eval("request.headers['x-absent'] == 'x'", input)).isEqualTo(ERROR);
    assertThat(eval("key.meta.tier > 3", input)).as("string > int at run time").isEqualTo(ERROR);
    assertThat(eval("key.meta.tier", input)).as("dyn that is not a bool").isEqualTo(ERROR);
    assertThat(eval("key.meta.quota / 0 == 1", input)).isEqualTo(ERROR);
    assertThat(eval("9223372036854775807 + key.meta.quota > 0", input)).isEqualTo(ERROR);
    assertThat(CONDITIONS.compile("true").evaluate(null)).isEqualTo(ERROR);
  }

  @Test
  void errorsInOneBranch_canBeAbsorbedByShortCircuit_asCelDefines() {
    ConditionInput input = Inputs.input();
    assertThat(eval("key.meta.missing == 'x' || request.method == 'GET'", input))
        .isEqualTo(ALLOWED);
    assertThat(eval("key.meta.missing == 'x' && request.method == 'POST'", input))
        .isEqualTo(DENIED);
  }

  @Test
  void keyMeta_acceptsJsonShapedValues() {
    Map<String, Object> meta = new HashMap<>();
    meta.put("limit", new java.math.BigDecimal("2.5"));
    meta.put("big", java.math.BigInteger.valueOf(7));
    meta.put("nothing", null);
    meta.put("nested", Map.of("list", List.of(1, 2.0, true, "x")));
    ConditionInput input = Inputs.withMeta(meta);
    assertThat(eval("key.meta.limit == 2.5 && key.meta.big == 7", input)).isEqualTo(ALLOWED);
    assertThat(eval("key.meta.nothing == null", input)).isEqualTo(ALLOWED);
    assertThat(eval("key.meta.nested.list[0] == 1 && key.meta.nested.list[2]", input))
        .isEqualTo(ALLOWED);
  }

  @Test
  void keyMeta_refusesWhatIsNotJson() {
    assertThatThrownBy(() -> new ConditionInput.Key(Map.of("when", new Object()), "", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JSON values only");
    assertThatThrownBy(() -> new ConditionInput.Key(Map.of("m", Map.of(1, "x")), "", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void input_requiresNow_butDefaultsTheRest() {
    assertThatThrownBy(() -> new ConditionInput(null, null, null))
        .isInstanceOf(NullPointerException.class);
    ConditionInput.Key key = new ConditionInput.Key(null, null, null);
    assertThat(key.meta()).isEmpty();
    assertThat(key.consumer()).isEmpty();
    assertThat(key.createdAt()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void oneConditions_isSafeToShareAcrossThreads() throws Exception {
    Condition condition = CONDITIONS.compile("request.ip.in_cidr('10.0.0.0/8')");
    List<java.util.concurrent.Callable<Result>> calls =
        java.util.stream.IntStream.range(0, 200)
            .mapToObj(
                i ->
                    (java.util.concurrent.Callable<Result>)
                        () ->
                            i % 2 == 0
                                ? condition.evaluate(Inputs.from("10.0.0." + (i % 250)))
                                : CONDITIONS
                                    .compile("request.ip.in_cidr('11.0.0.0/8')")
                                    .evaluate(Inputs.from("11.0.0." + (i % 250))))
            .toList();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
      for (var future : pool.invokeAll(calls)) {
        assertThat(future.get()).isEqualTo(ALLOWED);
      }
    }
  }

  @Test
  void compiledCondition_keepsItsExpression() {
    Condition condition = CONDITIONS.compile("request.method == 'GET'");
    assertThat(condition.expression()).isEqualTo("request.method == 'GET'");
    assertThat(condition.evaluate(Inputs.at(Instant.EPOCH))).isEqualTo(ALLOWED);
  }
}
