package dev.latchkey.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Response of {@code GET /v1/keys/{id}/usage} and {@code GET /v1/services/{id}/usage}: how many
 * verifications there were, by outcome, in each period of [{@code since}, {@code until}).
 *
 * @param key the key counted, for a key's usage; else null
 * @param service the service whose keys are counted, for a service's usage; else null
 * @param granularity {@code minute}, {@code hour} or {@code day} (UTC)
 * @param since the start of the first bucket (the asked time, aligned down to the granularity)
 * @param until the end of the last bucket (the asked time, aligned up)
 * @param total every verification in the range
 * @param buckets one per period, in order, empty periods included
 */
public record Usage(
    String key,
    String service,
    String granularity,
    Instant since,
    Instant until,
    long total,
    List<Bucket> buckets) {

  /**
   * One period.
   *
   * @param outcomes counts by verification outcome code ({@code VALID}, {@code NOT_FOUND}, …);
   *     codes with no verification are left out
   */
  public record Bucket(Instant start, long total, Map<String, Long> outcomes) {}
}
