package dev.latchkey.client;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link KeysApi#usage} and {@link ServicesApi#usage} ask for: a granularity ({@code minute},
 * {@code hour} or {@code day}) and a range; what is not set takes the server's default (hourly
 * buckets of the last day; the last hour of minutes; the last 30 days). Immutable.
 */
public final class UsageQuery {
  private final String granularity;
  private final Instant since;
  private final Instant until;

  private UsageQuery(String granularity, Instant since, Instant until) {
    this.granularity = granularity;
    this.since = since;
    this.until = until;
  }

  /** The server's defaults. */
  public static UsageQuery defaults() {
    return new UsageQuery(null, null, null);
  }

  /** Buckets of {@code granularity}: {@code minute}, {@code hour} or {@code day}. */
  public static UsageQuery by(String granularity) {
    return new UsageQuery(Objects.requireNonNull(granularity), null, null);
  }

  /** From {@code since} (aligned down to the granularity by the server). */
  public UsageQuery since(Instant since) {
    return new UsageQuery(granularity, Objects.requireNonNull(since), until);
  }

  /** Up to {@code until} (aligned up by the server); default now. */
  public UsageQuery until(Instant until) {
    return new UsageQuery(granularity, since, Objects.requireNonNull(until));
  }

  Map<String, Object> params() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("granularity", granularity);
    params.put("since", since);
    params.put("until", until);
    return params;
  }
}
