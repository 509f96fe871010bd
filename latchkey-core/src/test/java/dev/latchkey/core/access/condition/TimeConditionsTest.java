package dev.latchkey.core.access.condition;

import static dev.latchkey.core.access.condition.Condition.Result.ALLOWED;
import static dev.latchkey.core.access.condition.Condition.Result.DENIED;
import static dev.latchkey.core.access.condition.Condition.Result.ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.access.condition.Condition.Result;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeConditionsTest {
  private static final Conditions CONDITIONS = Conditions.create();

  private static Result at(String expression, String instant) {
    return CONDITIONS.compile(expression).evaluate(Inputs.at(Instant.parse(instant)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // Berlin is UTC+2 in June: 07:00Z is 09:00 local, the window's first minute.
    "2025-06-02T06:59:00Z, DENIED",
    "2025-06-02T07:00:00Z, ALLOWED",
    "2025-06-02T15:29:00Z, ALLOWED",
    "2025-06-02T15:30:00Z, DENIED",
  })
  void officeHours_inBerlin(String now, Result expected) {
    assertThat(at("now.between_times('09:00', '17:30', 'Europe/Berlin')", now)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "2025-06-02T21:59:00Z, DENIED",
    "2025-06-02T22:00:00Z, ALLOWED",
    "2025-06-02T23:59:00Z, ALLOWED",
    "2025-06-03T00:00:00Z, ALLOWED",
    "2025-06-03T05:59:00Z, ALLOWED",
    "2025-06-03T06:00:00Z, DENIED",
    "2025-06-03T12:00:00Z, DENIED",
  })
  void nightWindow_wrapsPastMidnight(String now, Result expected) {
    assertThat(at("now.between_times('22:00', '06:00', 'UTC')", now)).isEqualTo(expected);
  }

  @Test
  void timeOfDay_isLocalWallClockMinutes() {
    assertThat(at("now.time_of_day('UTC') == 10 * 60 + 15", "2025-06-02T10:15:59Z"))
        .isEqualTo(ALLOWED);
    assertThat(at("now.time_of_day('Asia/Kolkata') == 15 * 60 + 45", "2025-06-02T10:15:00Z"))
        .isEqualTo(ALLOWED);
    assertThat(at("now.time_of_day('-05:00') == 5 * 60 + 15", "2025-06-02T10:15:00Z"))
        .isEqualTo(ALLOWED);
  }

  @Test
  void daylightSavingChange_followsTheLocalClock() {
    // 2025-03-30 in Berlin: 01:59:59 CET is followed by 03:00 CEST; 02:xx never shows.
    String window = "now.between_times('02:00', '03:00', 'Europe/Berlin')";
    assertThat(at(window, "2025-03-30T00:59:00Z")).as("01:59 CET").isEqualTo(DENIED);
    assertThat(at(window, "2025-03-30T01:00:00Z")).as("03:00 CEST").isEqualTo(DENIED);
    assertThat(at("now.time_of_day('Europe/Berlin') == 180", "2025-03-30T01:00:00Z"))
        .isEqualTo(ALLOWED);
    // 2025-10-26: 02:00-03:00 local happens twice, once in CEST and once in CET.
    assertThat(at(window, "2025-10-26T00:30:00Z")).as("02:30 CEST").isEqualTo(ALLOWED);
    assertThat(at(window, "2025-10-26T01:30:00Z")).as("02:30 CET").isEqualTo(ALLOWED);
  }

  @Test
  void celsOwnTimeFunctions_keepWorking() {
    String monday = "2025-06-02T22:30:00Z"; // Tuesday 00:30 in Berlin
    assertThat(at("now.getDayOfWeek('UTC') == 1", monday)).isEqualTo(ALLOWED);
    assertThat(at("now.getDayOfWeek('Europe/Berlin') == 2", monday)).isEqualTo(ALLOWED);
    assertThat(at("now.getHours('Europe/Berlin') == 0", monday)).isEqualTo(ALLOWED);
    assertThat(at("now > timestamp('2025-01-01T00:00:00Z')", monday)).isEqualTo(ALLOWED);
  }

  @Test
  void zonesAndTimesFromData_areCheckedAtRunTime() {
    ConditionInput berlin = Inputs.withMeta(Map.of("tz", "Europe/Berlin", "from", "09:00"));
    ConditionInput nowhere = Inputs.withMeta(Map.of("tz", "Mars/Base", "from", "9 am"));
    String byZone = "now.time_of_day(key.meta.tz) >= 0";
    String byStart = "now.between_times(key.meta.from, '17:00', 'UTC')";
    assertThat(CONDITIONS.compile(byZone).evaluate(berlin)).isEqualTo(ALLOWED);
    assertThat(CONDITIONS.compile(byZone).evaluate(nowhere)).isEqualTo(ERROR);
    assertThat(CONDITIONS.compile("now.getHours(key.meta.tz) >= 0").evaluate(nowhere))
        .isEqualTo(ERROR);
    assertThat(CONDITIONS.compile(byStart).evaluate(berlin)).isEqualTo(ALLOWED);
    assertThat(CONDITIONS.compile(byStart).evaluate(nowhere)).isEqualTo(ERROR);
  }
}
