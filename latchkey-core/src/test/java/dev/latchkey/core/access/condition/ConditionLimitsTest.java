package dev.latchkey.core.access.condition;

import static dev.latchkey.core.access.condition.Condition.Result.ALLOWED;
import static dev.latchkey.core.access.condition.Condition.Result.DENIED;
import static dev.latchkey.core.access.condition.Condition.Result.ERROR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Inputs and expressions that try to exhaust time, memory or the stack. */
class ConditionLimitsTest {
  private static final Conditions CONDITIONS = Conditions.create();

  private static ConditionSyntaxException rejected(String expression) {
    ConditionSyntaxException e =
        catchThrowableOfType(ConditionSyntaxException.class, () -> CONDITIONS.compile(expression));
    assertThat(e).as("%s should not compile", expression).isNotNull();
    return e;
  }

  @Test
  void expressionOf1024CodePoints_compiles_and1025IsRejected() {
    String padded = "true" + " ".repeat(Conditions.MAX_LENGTH - 4);
    assertThatNoException().isThrownBy(() -> CONDITIONS.compile(padded));
    ConditionSyntaxException e = rejected(padded + " ");
    assertThat(e.position()).isEqualTo(1024);
    assertThat(e.getMessage()).startsWith("a condition is at most 1024 characters");
  }

  @Test
  void lengthCountsCodePoints_notChars() {
    String emoji = "\uD83D\uDE00";
    String tooLong = "'" + emoji.repeat(1017) + "' != ''";
    assertThat(tooLong.codePointCount(0, tooLong.length())).isEqualTo(1025);
    assertThat(rejected(tooLong).position()).isEqualTo(tooLong.offsetByCodePoints(0, 1024));
    String fits = "'" + emoji.repeat(1016) + "' != ''";
    assertThat(fits.length()).isGreaterThan(Conditions.MAX_LENGTH);
    assertThatNoException().isThrownBy(() -> CONDITIONS.compile(fits));
  }

  @Test
  void deepNesting_isRejected_withoutStackOverflow() {
    assertThat(rejected("(".repeat(500) + "true" + ")".repeat(500)).getMessage())
        .contains("recursion limit");
    assertThat(rejected("!(".repeat(300) + "true" + ")".repeat(300)).getMessage())
        .contains("recursion limit");
    assertThat(rejected("1" + " + 1".repeat(200) + " > 0").getMessage())
        .contains("recursion limit");
    assertThat(rejected("[".repeat(400) + "]".repeat(400) + " == []").getMessage())
        .contains("recursion limit");
  }

  @Test
  void repeatedNegation_collapsesInTheParser_andStaysCorrect() {
    // CEL folds !!x to x while parsing, so a long run of ! is no deep tree to begin with.
    Condition even = CONDITIONS.compile("!".repeat(1000) + "true");
    Condition odd = CONDITIONS.compile("!".repeat(1001) + "true");
    assertThat(even.evaluate(Inputs.input())).isEqualTo(ALLOWED);
    assertThat(odd.evaluate(Inputs.input())).isEqualTo(DENIED);
  }

  @Test
  void wideExpressions_exceedTheNodeBudget() {
    String ors = "request.method == 'A'" + " || request.method == 'A'".repeat(60);
    assertThat(ors.length()).isLessThan(Conditions.MAX_LENGTH * 2);
    String fitting = "request.method == 'A'" + " || request.method == 'A'".repeat(30);
    assertThatNoException().isThrownBy(() -> CONDITIONS.compile(fitting));
    String list = "[" + "1,".repeat(300) + "1].size() > 0";
    assertThat(rejected(list).getMessage()).contains("node");
  }

  @Test
  void nestedMacros_areRejected_butChainingIsAllowed() {
    assertThat(rejected("key.meta.regions.all(r, key.meta.regions.exists(s, s == r))").position())
        .isEqualTo(41);
    rejected("[1, 2].map(x, [x].filter(y, y > 0))");
    rejected("[1, 2].exists(x, [3].exists_one(y, y == x))");
    assertThatNoException()
        .isThrownBy(() -> CONDITIONS.compile("[1, 2, 3].filter(x, x > 1).all(x, x < 5)"));
  }

  @Test
  void macroOverAHugeInput_isAnError_notAHang() {
    List<Long> numbers = IntStream.range(0, 100_000).mapToObj(i -> (long) i).toList();
    ConditionInput input = Inputs.withMeta(Map.of("numbers", numbers));
    assertThat(CONDITIONS.compile("key.meta.numbers.map(x, x * 2).size() > 0").evaluate(input))
        .isEqualTo(ERROR);
    assertThat(CONDITIONS.compile("key.meta.numbers.exists(x, x < 0)").evaluate(input))
        .isEqualTo(ERROR);
    assertThat(CONDITIONS.compile("key.meta.numbers.filter(x, x > 5).size() > 0").evaluate(input))
        .isEqualTo(ERROR);
  }

  @Test
  void iterationBudget_isSharedByAllMacrosOfOneEvaluation() {
    List<Long> numbers = IntStream.range(0, 60).mapToObj(i -> (long) i).toList();
    ConditionInput input = Inputs.withMeta(Map.of("a", numbers, "b", numbers));
    assertThat(CONDITIONS.compile("key.meta.a.all(x, x >= 0)").evaluate(input)).isEqualTo(ALLOWED);
    assertThat(
            CONDITIONS
                .compile("key.meta.a.all(x, x >= 0) && key.meta.b.all(x, x >= 0)")
                .evaluate(input))
        .as("60 + 60 iterations")
        .isEqualTo(ERROR);
  }

  @Test
  void macroOverAModestInput_works() {
    List<Long> numbers = IntStream.range(0, 50).mapToObj(i -> (long) i).toList();
    ConditionInput input = Inputs.withMeta(Map.of("numbers", numbers));
    assertThat(CONDITIONS.compile("key.meta.numbers.exists(x, x == 49)").evaluate(input))
        .isEqualTo(ALLOWED);
  }

  @Test
  void catastrophicBacktrackingPatterns_runInLinearTime() {
    String path = "/" + "a".repeat(100_000) + "!";
    ConditionInput input =
        new ConditionInput(
            new ConditionInput.Request("", "GET", path, "", Map.of()), null, Instant.EPOCH);
    assertThat(CONDITIONS.compile("request.path.matches('^/(a+)+$')").evaluate(input))
        .isEqualTo(DENIED);
    assertThat(CONDITIONS.compile("request.path.matches('^/(a|aa)+!$')").evaluate(input))
        .isEqualTo(ALLOWED);
  }

  @Test
  void hugePatterns_areRejected() {
    assertThat(rejected("request.path.matches('(((a{100}){100}){100})')").getMessage())
        .contains("too large");
  }

  @Test
  void stringGrowth_isBoundedByTheConcatenationLimit() {
    String path = "x".repeat(1_000);
    ConditionInput input =
        new ConditionInput(
            new ConditionInput.Request("", "", path, "", Map.of()), null, Instant.EPOCH);
    String sixteen = "request.path" + " + request.path".repeat(15);
    assertThat(CONDITIONS.compile("size(" + sixteen + ") == 16000").evaluate(input))
        .isEqualTo(ALLOWED);
    String seventeen = sixteen + " + request.path";
    assertThat(CONDITIONS.compile("size(" + seventeen + ") > 0").evaluate(input))
        .as("beyond 16 Ki characters")
        .isEqualTo(ERROR);
  }

  @Test
  void aComprehensionCannotBuildMegabytes() {
    List<Long> numbers = IntStream.range(0, 100).mapToObj(i -> (long) i).toList();
    Map<String, String> headers = new java.util.HashMap<>();
    for (int i = 0; i < 8; i++) {
      headers.put("h" + i, "a".repeat(4_000));
    }
    ConditionInput input =
        new ConditionInput(
            new ConditionInput.Request("", "", "", "", headers),
            new ConditionInput.Key(Map.of("xs", numbers), "", Instant.EPOCH),
            Instant.EPOCH);
    String all =
        String.join(" + ", headers.keySet().stream().map(h -> "request.headers." + h).toList());
    assertThat(CONDITIONS.compile("size(key.meta.xs.map(x, " + all + ")) > 0").evaluate(input))
        .as("8 x 4,000 characters per element is over the concatenation limit")
        .isEqualTo(ERROR);
  }

  @Test
  void patternMatchingOverLongText_spendsTheWorkBudget_andDenies() {
    // RE2 is linear in the text, but times the program size: a{0,400}b is 803 instructions. A
    // review measured 24 s for one evaluation of this shape before the budget existed.
    Map<String, Object> meta = Map.of("s", "a".repeat(8_000));
    ConditionInput input =
        new ConditionInput(null, new ConditionInput.Key(meta, "", Instant.EPOCH), Instant.EPOCH);
    String one = "!(string(key.meta.s) + string(key.meta.s)).matches('a{0,400}b')";
    String condition =
        "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].all(i, "
            + String.join(" && ", java.util.Collections.nCopies(12, one))
            + ")";
    assertThat(CONDITIONS.compile(condition).evaluate(input)).isEqualTo(ERROR);
    assertThat(CONDITIONS.compile("key.meta.s.matches('^a+$')").evaluate(input))
        .as("one honest match over 8,000 characters fits the budget")
        .isEqualTo(ALLOWED);
  }

  @Test
  void readingALargeMapOverAndOver_spendsTheWorkBudget() {
    Map<String, Object> meta = new java.util.HashMap<>();
    for (int i = 0; i < 800; i++) {
      meta.put("k" + i, (long) i);
    }
    List<Long> numbers = IntStream.range(0, 100).mapToObj(i -> (long) i).toList();
    meta.put("xs", numbers);
    ConditionInput input =
        new ConditionInput(null, new ConditionInput.Key(meta, "", Instant.EPOCH), Instant.EPOCH);
    String reads = String.join(" && ", java.util.Collections.nCopies(40, "key.meta.k1 == 1"));
    assertThat(CONDITIONS.compile("key.meta.xs.all(x, " + reads + ")").evaluate(input))
        .isEqualTo(ERROR);
    assertThat(CONDITIONS.compile("key.meta.k1 == 1 && key.meta.k2 == 2").evaluate(input))
        .isEqualTo(ALLOWED);
  }

  @Test
  void quadraticSubstringSearches_runInLinearTime() {
    // The JDK's String.contains is quadratic on such input; 20 of them, 99 times, on 4 KiB headers
    // and a 2 KiB needle took tens of seconds before contains was replaced.
    List<Long> numbers = IntStream.range(0, 99).mapToObj(i -> (long) i).toList();
    Map<String, String> headers = new java.util.HashMap<>();
    for (int i = 0; i < 8; i++) {
      headers.put("h" + i, "a".repeat(4_095));
    }
    ConditionInput input =
        new ConditionInput(
            new ConditionInput.Request("", "", "a".repeat(2_046) + "b", "", headers),
            new ConditionInput.Key(Map.of("xs", numbers), "", Instant.EPOCH),
            Instant.EPOCH);
    String terms =
        String.join(
            " || ", java.util.Collections.nCopies(20, "request.headers.h0.contains(request.path)"));
    assertThat(CONDITIONS.compile("key.meta.xs.all(x, !(" + terms + "))").evaluate(input))
        .as("12 million characters searched: over the work budget, so denied, and quickly")
        .isEqualTo(ERROR);
    assertThat(CONDITIONS.compile("!request.headers.h0.contains(request.path)").evaluate(input))
        .as("one search of the same strings")
        .isEqualTo(ALLOWED);
  }
}
