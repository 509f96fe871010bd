package dev.latchkey.core.access.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

class ConditionProperties {
  private static final Conditions CONDITIONS = Conditions.create();

  @Property
  void compile_throwsOnlyItsSyntaxError_onArbitraryText(
      @ForAll @StringLength(max = 80) String text) {
    compileOrReject(text);
  }

  @Property(tries = 500)
  void compile_throwsOnlyItsSyntaxError_onCelShapedNoise(@ForAll("noise") String text) {
    compileOrReject(text);
  }

  @Property(tries = 1000)
  void evaluate_neverThrows_onWhateverCompiles(
      @ForAll("noise") String text, @ForAll("inputs") ConditionInput input) {
    compileOrReject(text).ifPresent(condition -> assertThat(condition.evaluate(input)).isNotNull());
  }

  @Property(tries = 500)
  void evaluate_neverThrows_onWellFormedConditionsOverRandomData(
      @ForAll("conditions") String text, @ForAll("inputs") ConditionInput input) {
    assertThat(CONDITIONS.compile(text).evaluate(input)).isNotNull();
  }

  @Provide
  Arbitrary<String> conditions() {
    Arbitrary<String> leaf =
        Arbitraries.of(
            "request.method == 'GET'",
            "request.ip.in_cidr('10.0.0.0/8')",
            "request.ip.in_cidr('2001:db8::/32')",
            "request.ip.in_cidr(key.meta.tier)",
            "'x-team' in request.headers",
            "request.headers['x-team'] == 'blue'",
            "request.path.matches('^/o')",
            "key.meta.tier == 'gold'",
            "has(key.meta.tier)",
            "key.meta.n > 1",
            "key.meta.n / key.meta.n == 1",
            "int(key.meta.tier) > 0",
            "key.meta.list[1] == 'a'",
            "key.meta.list.size() > 2",
            "key.meta.list.exists(x, x == 'a')",
            "key.meta.list.map(x, x + x).size() > 0",
            "key.meta.x",
            "timestamp(key.meta.tier) < now",
            "duration(key.meta.tier) > duration('1s')",
            "now.between_times('09:00', '17:00', 'Europe/Berlin')",
            "now.between_times(key.meta.tier, '17:00', key.meta.x)",
            "now.time_of_day('UTC') < 600",
            "now.time_of_day(key.meta.tier) > 1",
            "now.getDayOfWeek(key.meta.tier) == 1",
            "key.created_at + duration('24h') > now");
    return Arbitraries.recursive(
        () -> leaf,
        inner ->
            Arbitraries.oneOf(
                Combinators.combine(inner, inner).as((a, b) -> "(" + a + ") && (" + b + ")"),
                Combinators.combine(inner, inner).as((a, b) -> "(" + a + ") || (" + b + ")"),
                inner.map(a -> "!(" + a + ")"),
                Combinators.combine(inner, inner, inner)
                    .as((a, b, c) -> "(" + a + ") ? (" + b + ") : (" + c + ")")),
        2); // at most 9 leaves: within the length and node limits
  }

  private static java.util.Optional<Condition> compileOrReject(String text) {
    try {
      return java.util.Optional.of(CONDITIONS.compile(text));
    } catch (ConditionSyntaxException e) {
      assertThat(e.position()).isBetween(-1, text.length());
      assertThat(e.getMessage()).isNotBlank();
      return java.util.Optional.empty();
    }
  }

  @Provide
  Arbitrary<String> noise() {
    return Arbitraries.of(
            "request.method",
            "request.ip",
            "request.path",
            "request.headers",
            "request.headers['x-team']",
            "key.meta",
            "key.meta.tier",
            "key.meta.n",
            "key.meta.list",
            "key.consumer",
            "key.created_at",
            "now",
            "'GET'",
            "'10.0.0.0/8'",
            "'Europe/Berlin'",
            "'09:00'",
            "1",
            "2.5",
            "-1",
            "true",
            "null",
            "[1, 'a']",
            "{'a': 1}",
            "==",
            "!=",
            "<",
            "&&",
            "||",
            "!",
            "+",
            "-",
            "*",
            "/",
            "%",
            "?",
            ":",
            "in",
            "(",
            ")",
            "[",
            "]",
            ",",
            ".",
            ".in_cidr(",
            ".startsWith(",
            ".matches(",
            ".size()",
            ".time_of_day(",
            ".between_times(",
            ".getHours(",
            ".all(x,",
            ".exists(x,",
            ".map(x,",
            "x",
            "has(",
            "int(",
            "string(",
            "timestamp(",
            "duration(")
        .list()
        .ofMaxSize(14)
        .map(parts -> String.join(" ", parts));
  }

  @Provide
  Arbitrary<ConditionInput> inputs() {
    Arbitrary<String> text =
        Arbitraries.oneOf(
            Arbitraries.of("GET", "10.1.2.3", "::1", "2001:db8::1", "/orders", "", "Europe/Berlin"),
            Arbitraries.strings().ofMaxLength(20));
    Arbitrary<Object> metaValue =
        Arbitraries.oneOf(
            text.map(s -> (Object) s),
            Arbitraries.longs().map(n -> (Object) n),
            Arbitraries.doubles().map(d -> (Object) d),
            Arbitraries.of(true, false).map(b -> (Object) b),
            text.list().ofMaxSize(3).map(l -> (Object) l));
    Arbitrary<Map<String, Object>> meta =
        Arbitraries.maps(Arbitraries.of("tier", "n", "list", "x"), metaValue).ofMaxSize(4);
    Arbitrary<Map<String, String>> headers =
        Arbitraries.maps(Arbitraries.of("x-team", "host", "X-Team"), text).ofMaxSize(3);
    Arbitrary<Instant> instants =
        Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L).map(Instant::ofEpochSecond);
    return Combinators.combine(text, text, headers, meta, instants)
        .as(
            (ip, method, h, m, now) ->
                new ConditionInput(
                    new ConditionInput.Request(ip, method, "/orders/1", "orders", h),
                    new ConditionInput.Key(m, "con_1", Instant.EPOCH),
                    now));
  }

  @Property
  void inCidr_agreesWithMaskingTheAddress(
      @ForAll("v4") long address, @ForAll("prefixes") int prefix) {
    long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    String network = dotted(address & mask) + "/" + prefix;
    String other = dotted(address ^ (prefix == 0 ? 0 : 1L << (32 - prefix)));
    Cidr cidr = Cidr.parse(network);
    assertThat(cidr.contains(dotted(address))).isTrue();
    assertThat(cidr.contains(other)).isEqualTo(prefix == 0);
  }

  @Property
  void ipv4Parsing_agreesWithGuava(@ForAll("v4") long address) {
    String text = dotted(address);
    assertThat(IpLiterals.v4Bits(text)).isEqualTo(address);
    assertThat(IpLiterals.parse(text))
        .hasValueSatisfying(
            bytes ->
                assertThat(bytes)
                    .isEqualTo(com.google.common.net.InetAddresses.forString(text).getAddress()));
  }

  @Provide
  Arbitrary<Long> v4() {
    return Arbitraries.longs().between(0, 0xffffffffL);
  }

  @Provide
  Arbitrary<Integer> prefixes() {
    return Arbitraries.integers().between(0, 32);
  }

  private static String dotted(long bits) {
    return String.join(
        ".",
        List.of(
            String.valueOf(bits >>> 24 & 0xff),
            String.valueOf(bits >>> 16 & 0xff),
            String.valueOf(bits >>> 8 & 0xff),
            String.valueOf(bits & 0xff)));
  }
}
