package dev.latchkey.server.metrics;

import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.core.verify.VerificationListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code latchkey_verifications_total{outcome,service}} and {@code
 * latchkey_verification_duration_seconds{outcome}}, fed by the verifier.
 *
 * <p>On the hot path a verdict costs a hash lookup and an array read once its service has been
 * seen: the meters are resolved once per (service, outcome) and kept. The service label is the
 * key's service id (never anything the caller sent, which may be a secret), {@code none} when the
 * verdict names no service (malformed or unknown keys), and bounded: past {@code maxServices}
 * distinct ids, the rest count as {@code other}. Thread-safe.
 */
final class VerificationMeters implements VerificationListener {
  static final String NONE = "none";
  static final String ERROR = "ERROR";
  private static final VerifyCode[] CODES = VerifyCode.values();

  private final MeterRegistry registry;
  private final BoundedLabel services;
  private final Timer[] durations = new Timer[CODES.length + 1]; // the last: ERROR
  private static final int REMEMBERED = 100_000;
  private final ConcurrentHashMap<String, Row> rows = new ConcurrentHashMap<>();

  VerificationMeters(MeterRegistry registry, int maxServices) {
    this.registry = registry;
    this.services = new BoundedLabel(maxServices);
    for (int i = 0; i <= CODES.length; i++) {
      durations[i] =
          Timer.builder("latchkey.verification.duration")
              .description("Time to decide a verification, from the presented key to the verdict")
              .tag("outcome", i < CODES.length ? CODES[i].name() : ERROR)
              .serviceLevelObjectives(Buckets.VERIFICATION)
              .register(registry);
    }
  }

  @Override
  public void verified(Verdict verdict, long nanos) {
    int outcome = verdict.code().ordinal();
    durations[outcome].record(nanos, TimeUnit.NANOSECONDS);
    counter(verdict.service() == null ? NONE : verdict.service(), outcome).increment();
  }

  @Override
  public void failed(long nanos) {
    durations[CODES.length].record(nanos, TimeUnit.NANOSECONDS);
    counter(NONE, CODES.length).increment();
  }

  private Counter counter(String serviceId, int outcome) {
    Row row = rows.get(serviceId);
    if (row == null) {
      row = rowOf(serviceId);
    }
    Counter c = row.counters[outcome];
    if (c == null) {
      // Racing threads register the same meter: the registry hands both the one instance.
      c = register(row.label, outcome);
      row.counters[outcome] = c;
    }
    return c;
  }

  private Row rowOf(String serviceId) {
    String label = serviceId.equals(NONE) ? NONE : services.of(serviceId);
    Row row = rows.computeIfAbsent(label, l -> new Row(l, new Counter[CODES.length + 1]));
    // Ids past the bound share the "other" row; remembering them spares the bound's lookup. They
    // are ids of stored services, so bounded by the store, and this map by REMEMBERED besides.
    if (!label.equals(serviceId) && rows.size() < REMEMBERED) {
      rows.putIfAbsent(serviceId, row);
    }
    return row;
  }

  /** The meters of one service label, by outcome ordinal (the last: ERROR), made on first use. */
  private record Row(String label, Counter[] counters) {}

  private Counter register(String service, int outcome) {
    return Counter.builder("latchkey.verifications")
        .description("Verifications decided, by outcome and the key's service id")
        .tag("outcome", outcome < CODES.length ? CODES[outcome].name() : ERROR)
        .tag("service", service)
        .register(registry);
  }
}
