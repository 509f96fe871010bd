package dev.latchkey.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code latchkey_http_requests_total{route,method,status}} and {@code
 * latchkey_http_request_duration_seconds{route,method}}.
 *
 * <p>Every label is bounded: {@code route} is a route's template (or {@code unmatched}), never the
 * path sent, which may hold a secret or endless ids; {@code method} is one of the standard methods
 * or {@code OTHER} ({@link dev.latchkey.server.http.RequestObserver#method}); {@code status} is a
 * status code Latchkey sends. Meters are resolved once per label set and kept. Thread-safe.
 */
final class HttpMeters {
  private record CountKey(String route, String method, int status) {}

  private record TimeKey(String route, String method) {}

  private final MeterRegistry registry;
  private final ConcurrentHashMap<CountKey, Counter> counters = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<TimeKey, Timer> timers = new ConcurrentHashMap<>();

  HttpMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts one answered request; {@code route} must be a template or {@code unmatched}. */
  void record(String route, String method, int status, long nanos) {
    int code = status >= 100 && status <= 599 ? status : 0;
    counters.computeIfAbsent(new CountKey(route, method, code), this::counter).increment();
    timers
        .computeIfAbsent(new TimeKey(route, method), this::timer)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private Counter counter(CountKey k) {
    return Counter.builder("latchkey.http.requests")
        .description("HTTP requests answered, by route template, method and status")
        .tag("route", k.route())
        .tag("method", k.method())
        .tag("status", Integer.toString(k.status()))
        .register(registry);
  }

  private Timer timer(TimeKey k) {
    return Timer.builder("latchkey.http.request.duration")
        .description("Time from dispatch to the end of the response, by route template and method")
        .tag("route", k.route())
        .tag("method", k.method())
        .serviceLevelObjectives(Buckets.HTTP)
        .register(registry);
  }
}
