package dev.latchkey.core.store;

import java.util.Locale;
import java.util.Optional;

/** The periods usage is counted in: minutes, rolled up into hours, rolled up into days (UTC). */
public enum UsageGranularity {
  MINUTE("m", 60_000L),
  HOUR("h", 3_600_000L),
  DAY("d", 86_400_000L);

  private final String column;
  private final long millis;

  UsageGranularity(String column, long millis) {
    this.column = column;
    this.millis = millis;
  }

  /** The value of the {@code granularity} column. */
  public String column() {
    return column;
  }

  /** The length of one period in milliseconds. */
  public long millis() {
    return millis;
  }

  /** The start of the period holding {@code epochMillis}. */
  public long floor(long epochMillis) {
    return Math.floorDiv(epochMillis, millis) * millis;
  }

  /** The wire name: {@code minute}, {@code hour}, {@code day}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The granularity with this wire name. */
  public static Optional<UsageGranularity> ofWireName(String name) {
    for (UsageGranularity g : values()) {
      if (g.wireName().equals(name)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }
}
