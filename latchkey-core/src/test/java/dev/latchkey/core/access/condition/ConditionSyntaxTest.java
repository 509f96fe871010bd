package dev.latchkey.core.access.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionSyntaxTest {
  private static final Conditions CONDITIONS = Conditions.create();

  private static ConditionSyntaxException rejected(String expression) {
    ConditionSyntaxException e =
        catchThrowableOfType(ConditionSyntaxException.class, () -> CONDITIONS.compile(expression));
    assertThat(e).as("%s should not compile", expression).isNotNull();
    return e;
  }

  @Test
  void unknownVariable_isRejectedWithPosition() {
    ConditionSyntaxException e = rejected("requst.method == 'GET'");
    assertThat(e.position()).isZero();
    assertThat(e).hasMessage("undeclared reference to 'requst' at 1:1");
  }

  @Test
  void unknownRequestField_isRejectedWithPosition_andTheKnownFields() {
    ConditionSyntaxException e = rejected("request.method == 'GET' && request.methd == 'x'");
    assertThat(e.position()).isEqualTo(35);
    assertThat(e)
        .hasMessage(
            "unknown field 'methd' of request (it has headers, ip, method, path, service) at 1:36");
  }

  @Test
  void unknownKeyField_isRejected_alsoInsideHasAndOnLaterLines() {
    assertThat(rejected("key.metta.tier == 'gold'").position()).isEqualTo(4);
    assertThat(rejected("has(key.consumr)").getMessage())
        .startsWith("unknown field 'consumr' of key");
    ConditionSyntaxException e = rejected("true &&\n  request.pth == '/'");
    assertThat(e.position()).isEqualTo(18);
    assertThat(e.getMessage()).endsWith("at 2:11");
  }

  @Test
  void unknownField_throughAnExpression_isCaughtByTheTypeChecker() {
    ConditionSyntaxException e = rejected("[request][0].methd == 'x'");
    assertThat(e.getMessage()).startsWith("unknown field 'methd'");
    assertThat(e.position()).isPositive();
  }

  @Test
  void typeErrors_areCompileErrors() {
    assertThat(rejected("request.method == 1").getMessage())
        .contains("no matching overload for '_==_' applied to '(string, int)'");
    assertThat(rejected("key.created_at > 5").getMessage()).contains("no matching overload");
    assertThat(rejected("request.ip.in_cidr(8)").getMessage()).contains("in_cidr");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "request.method                   | a condition must be a bool, not string",
        "request.headers                  | a condition must be a bool, not map",
        "key.created_at                   | a condition must be a bool, not timestamp",
        "1 + 2                            | a condition must be a bool, not int",
        "now - key.created_at             | a condition must be a bool, not duration",
        "request                          | a condition must be a bool, not latchkey.Request",
      })
  void nonBooleanResults_areRejected(String expression, String message) {
    ConditionSyntaxException e = rejected(expression);
    assertThat(e.getMessage()).isEqualTo(message + " at 1:1");
    assertThat(e.position()).isZero();
  }

  @Test
  void dynResults_compile_andAreCheckedAtRunTime() {
    assertThatNoException().isThrownBy(() -> CONDITIONS.compile("key.meta.enabled"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "request.ip.in_cidr('10.0.0.0/33')          | 19 | malformed CIDR '10.0.0.0/33': the prefix length must be 0 to 32",
        "request.ip.in_cidr('10.1.0.0/8')           | 19 | malformed CIDR '10.1.0.0/8': host bits are set after /8",
        "request.ip.in_cidr('10.0.0.0')             | 19 | malformed CIDR '10.0.0.0': a CIDR is address/prefix, e.g. 10.0.0.0/8",
        "request.ip.in_cidr('2001:db8::/129')       | 19 | malformed CIDR '2001:db8::/129': the prefix length must be 0 to 128",
        "request.ip.in_cidr('intranet/8')           | 19 | malformed CIDR 'intranet/8': not an IPv4 or IPv6 address before the /",
        "now.getHours('Mars/Olympus') > 1           | 13 | unknown time zone 'Mars/Olympus'",
        "now.time_of_day('Europe/Brlin') > 1        | 16 | unknown time zone 'Europe/Brlin'",
        "now.between_times('9:00', '17:00', 'UTC')  | 18 | '9:00' is not a time of day HH:MM (00:00-23:59)",
        "now.between_times('09:00', '24:00', 'UTC') | 27 | '24:00' is not a time of day HH:MM (00:00-23:59)",
        "now.between_times('09:00', '09:00', 'UTC') | 27 | the window from 09:00 to 09:00 is empty",
        "now.between_times('09:00', '17:00', 'CEST') | 36 | unknown time zone 'CEST'",
        "request.path.matches('(')                  | 21 | malformed pattern: missing closing )",
        "request.path.matches(request.headers['p']) | 36 | matches takes a literal pattern ('...')",
      })
  void malformedLiterals_areCompileErrors_atTheLiteral(
      String expression, int position, String message) {
    ConditionSyntaxException e = rejected(expression);
    assertThat(e.position()).isEqualTo(position);
    assertThat(e.getMessage()).isEqualTo(message + " at 1:" + (position + 1));
  }

  @Test
  void syntaxErrors_namePosition() {
    assertThat(rejected("request.method == 'GET' &&").position()).isEqualTo(26);
    assertThat(rejected("request.method == 'GET' #").position()).isEqualTo(24);
    assertThat(rejected("(request.method == 'GET'").position()).isEqualTo(24);
  }

  @Test
  void emptyOrMissingExpressions_areRejected() {
    assertThat(rejected("")).hasMessage("the condition is empty");
    assertThat(rejected("  \n ")).hasMessage("the condition is empty");
    assertThat(rejected(null)).hasMessage("the condition is empty");
  }

  @Test
  void objectConstruction_andShadowingVariables_areRejected() {
    assertThat(rejected("latchkey.Request{method: 'x'} == request").getMessage())
        .startsWith("creating messages");
    assertThat(rejected("[1].all(request, true)").getMessage())
        .startsWith("a macro variable may not be named 'request'");
  }

  @Test
  void positions_areCharOffsets_evenAfterSurrogatePairs() {
    ConditionSyntaxException e = rejected("'\uD83D\uDE00' == request.methd");
    assertThat(e.position()).isEqualTo(16);
    assertThat("'\uD83D\uDE00' == request.methd".substring(e.position())).isEqualTo("methd");
  }
}
