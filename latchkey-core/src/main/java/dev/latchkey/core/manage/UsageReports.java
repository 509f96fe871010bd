package dev.latchkey.core.manage;

import static dev.latchkey.core.store.UsageGranularity.DAY;
import static dev.latchkey.core.store.UsageGranularity.HOUR;
import static dev.latchkey.core.store.UsageGranularity.MINUTE;

import dev.latchkey.api.Usage;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import dev.latchkey.core.store.UsageGranularity;
import dev.latchkey.core.store.UsageRepository;
import dev.latchkey.core.store.UsageRepository.Bucket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Usage time series of a key, or of all keys of a service: verifications by outcome per minute,
 * hour or day. They trail verification by up to a flush (a second).
 *
 * <p>Periods the rollup job still recomputes (hours of the last {@link UsageRollup#HOUR_WINDOW},
 * days of the last {@link UsageRollup#DAY_WINDOW}) are summed here from the finer rows, so the
 * current hour and day are complete whether or not the job has run; older periods are read from
 * their own rows. Periods past their retention read as empty. Thread-safe.
 */
public final class UsageReports {
  /** Most buckets one answer holds. */
  public static final int MAX_BUCKETS = 1440;

  private final Store store;
  private final Keys keys;
  private final Services services;
  private final Clock clock;

  public UsageReports(Store store, Keys keys, Services services, Clock clock) {
    this.store = store;
    this.keys = keys;
    this.services = services;
    this.clock = clock;
  }

  /**
   * What to read: any part may be null for its default. {@code granularity} defaults to hour,
   * {@code until} to now, {@code since} to an hour, a day or 30 days before {@code until} for
   * minute, hour and day.
   */
  public record Range(UsageGranularity granularity, Instant since, Instant until) {}

  /**
   * The usage of key {@code id}.
   *
   * @throws InvalidInputException naming {@code since} or {@code until} when the range is empty,
   *     reversed or holds more than {@value #MAX_BUCKETS} buckets
   * @throws NotFoundException when the caller cannot see such a key
   */
  public Usage ofKey(Principal p, String id, Range range) {
    Resolved r = resolve(range);
    String keyId = keys.get(p, id).id(); // the caller's view: 404 for keys it may not see
    return store.read(tx -> answer(tx, p, UsageRepository.Subject.KEY, keyId, r));
  }

  /** The usage of every key of service {@code id}; as {@link #ofKey}. */
  public Usage ofService(Principal p, String id, Range range) {
    Resolved r = resolve(range);
    String serviceId = services.get(p, id).id();
    return store.read(tx -> answer(tx, p, UsageRepository.Subject.SERVICE, serviceId, r));
  }

  private record Resolved(UsageGranularity granularity, long since, long until) {}

  private Resolved resolve(Range range) {
    UsageGranularity g = range.granularity() == null ? HOUR : range.granularity();
    // By default up to now, the current period included.
    Instant until = range.until() == null ? clock.instant().plusMillis(1) : range.until();
    Instant since = range.since() == null ? until.minus(defaultSpan(g)) : range.since();
    if (!since.isBefore(until)) {
      throw InvalidInputException.of("since", "must be before until");
    }
    long from = g.floor(since.toEpochMilli());
    long to = -g.floor(-until.toEpochMilli()); // aligned up
    long buckets = (to - from) / g.millis();
    if (buckets > MAX_BUCKETS) {
      throw InvalidInputException.of(
          "since",
          "the range holds "
              + buckets
              + " "
              + g.wireName()
              + " buckets; at most "
              + MAX_BUCKETS
              + " are allowed: narrow it or choose a coarser granularity");
    }
    return new Resolved(g, from, to);
  }

  private static Duration defaultSpan(UsageGranularity g) {
    return switch (g) {
      case MINUTE -> Duration.ofHours(1);
      case HOUR -> Duration.ofDays(1);
      case DAY -> Duration.ofDays(30);
    };
  }

  private Usage answer(Tx tx, Principal p, UsageRepository.Subject subject, String id, Resolved r) {
    long now = clock.millis();
    List<Bucket> rows = new ArrayList<>();
    read(
        tx.usage(), p.workspaceId(), subject, id, r.granularity(), r.since(), r.until(), now, rows);
    // bucket start -> outcome -> count, regrouped to the granularity asked for
    TreeMap<Long, TreeMap<String, Long>> sums = new TreeMap<>();
    for (Bucket b : rows) {
      sums.computeIfAbsent(r.granularity().floor(b.start()), k -> new TreeMap<>())
          .merge(b.outcome(), b.count(), Long::sum);
    }
    List<Usage.Bucket> buckets = new ArrayList<>();
    long total = 0;
    for (long start = r.since(); start < r.until(); start += r.granularity().millis()) {
      Map<String, Long> outcomes = sums.getOrDefault(start, new TreeMap<>());
      long sum = outcomes.values().stream().mapToLong(Long::longValue).sum();
      total += sum;
      buckets.add(new Usage.Bucket(Instant.ofEpochMilli(start), sum, outcomes));
    }
    return new Usage(
        subject == UsageRepository.Subject.KEY ? id : null,
        subject == UsageRepository.Subject.SERVICE ? id : null,
        r.granularity().wireName(),
        Instant.ofEpochMilli(r.since()),
        Instant.ofEpochMilli(r.until()),
        total,
        buckets);
  }

  /**
   * Adds to {@code out} the rows of [{@code from}, {@code until}) at {@code g}: its own rows for
   * periods the rollup job no longer recomputes, the finer rows' for the rest.
   */
  private static void read(
      UsageRepository usage,
      String workspaceId,
      UsageRepository.Subject subject,
      String id,
      UsageGranularity g,
      long from,
      long until,
      long now,
      List<Bucket> out) {
    if (from >= until) {
      return;
    }
    if (g == MINUTE) {
      out.addAll(usage.series(workspaceId, subject, id, MINUTE, from, until));
      return;
    }
    Duration window = g == HOUR ? UsageRollup.HOUR_WINDOW : UsageRollup.DAY_WINDOW;
    long cut = g.floor(now - window.toMillis());
    if (from < cut) {
      out.addAll(usage.series(workspaceId, subject, id, g, from, Math.min(until, cut)));
    }
    UsageGranularity finer = g == DAY ? HOUR : MINUTE;
    read(usage, workspaceId, subject, id, finer, Math.max(from, cut), until, now, out);
  }
}
