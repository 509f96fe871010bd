package dev.latchkey.server.metrics;

import dev.latchkey.core.feed.ChangeFollower;
import dev.latchkey.core.store.PoolStats;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.verify.CacheStats;
import dev.latchkey.core.verify.VerificationListener;
import dev.latchkey.core.verify.Verifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of one node, in a Prometheus registry: what every part of the server reports to, and
 * the text {@code GET /metrics} serves. Every metric is named {@code latchkey_…} (the JVM's {@code
 * jvm_…}, {@code process_…}, {@code system_…}); docs/monitoring.md lists them.
 *
 * <p>No label carries anything a client sent: services are ids of stored services, routes are
 * templates, alert rules are names the server defines; the labels that could grow (service, alert
 * rule) are bounded, values past the bound becoming {@code other}. No key id is a label.
 *
 * <p>Thread-safe.
 */
public final class Metrics implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

  /** Distinct service ids labelled before the rest count as {@code other}. */
  public static final int DEFAULT_MAX_SERVICES = 1_000;

  private static final int MAX_ALERT_RULES = 200;

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final VerificationMeters verifications;
  private final HttpMeters http;
  private final BoundedLabel alertRules = new BoundedLabel(MAX_ALERT_RULES);
  private final ConcurrentHashMap<String, Counter> alerts = new ConcurrentHashMap<>();
  private final JvmGcMetrics gc = new JvmGcMetrics();

  private Metrics(int maxServices) {
    // Two of Micrometer's JVM meters break Prometheus' naming rules (promtool check metrics): CPU
    // time in nanoseconds, and a gauge ending in _count. The first is replaced by the conventional
    // process_cpu_seconds_total, the second renamed.
    registry
        .config()
        .meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")))
        .meterFilter(
            new MeterFilter() {
              @Override
              public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
              }
            });
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9)
          .description("CPU time used by this process")
          .baseUnit("seconds")
          .register(registry);
    }
    this.verifications = new VerificationMeters(registry, maxServices);
    this.http = new HttpMeters(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /** A registry labelling at most {@code maxServices} distinct services. */
  public static Metrics create(int maxServices) {
    return new Metrics(maxServices);
  }

  /** What the verifier reports each verification to. */
  public VerificationListener verifications() {
    return verifications;
  }

  /**
   * Counts one answered HTTP request. {@code route} must be a route template or {@code unmatched},
   * {@code method} a standard method or {@code OTHER}.
   */
  public void request(String route, String method, int status, long nanos) {
    http.record(route, method, status, nanos);
  }

  /**
   * Counts one alert raised by {@code rule}, a rule name the server defines (never text from a
   * request): {@code latchkey_alerts_total{rule}}. Past 200 distinct names, the rest count as
   * {@code other}.
   */
  public void alert(String rule) {
    alerts
        .computeIfAbsent(
            alertRules.of(rule),
            r ->
                Counter.builder("latchkey.alerts")
                    .description("Alerts raised, by rule")
                    .tag("rule", r)
                    .register(registry))
        .increment();
  }

  /**
   * Reports the credential cache, the change feed's lag and the store's pools, read when scraped.
   */
  public void watch(Store store, ChangeFollower follower, Verifier verifier) {
    FunctionCounter.builder("latchkey.credential.cache.lookups", verifier, v -> stats(v).lookups())
        .description("Credentials looked up by digest (verifications, root-key authentications)")
        .register(registry);
    FunctionCounter.builder("latchkey.credential.cache.loads", verifier, v -> stats(v).loads())
        .description("Lookups that read the store; the rest were answered from the cache")
        .register(registry);
    Gauge.builder("latchkey.credential.cache.size", verifier, v -> stats(v).size())
        .description("Credentials cached now, found and unknown (approximate)")
        .register(registry);
    Gauge.builder("latchkey.change.feed.position", follower, ChangeFollower::position)
        .description("The seq of the last change this node applied to its caches")
        .register(registry);
    Gauge.builder("latchkey.change.feed.lag.seq", follower, f -> lagSeq(store, f))
        .description("Changes committed but not yet applied by this node (NaN: store unreadable)")
        .register(registry);
    Gauge.builder("latchkey.change.feed.lag", follower, f -> f.sinceCaughtUp().toNanos() / 1e9)
        .description("Time since this node last read the change feed to its end")
        .baseUnit("seconds")
        .register(registry);
    for (PoolStats pool : store.pools()) {
      String name = pool.name();
      pool(store, name, "latchkey.store.pool.active", "Connections in use", PoolStats::active);
      pool(store, name, "latchkey.store.pool.idle", "Connections open and idle", PoolStats::idle);
      pool(
          store,
          name,
          "latchkey.store.pool.pending",
          "Threads waiting for a connection",
          PoolStats::pending);
      pool(store, name, "latchkey.store.pool.max", "The most connections opened", PoolStats::max);
    }
  }

  private void pool(
      Store store, String name, String metric, String description, ToDoubleFunction<PoolStats> f) {
    Gauge.builder(metric, store, s -> poolValue(s, name, f))
        .description(description)
        .tag("pool", name)
        .register(registry);
  }

  private static double poolValue(Store store, String name, ToDoubleFunction<PoolStats> f) {
    List<PoolStats> pools = store.pools();
    for (PoolStats p : pools) {
      if (p.name().equals(name)) {
        return f.applyAsDouble(p);
      }
    }
    return Double.NaN;
  }

  private static CacheStats stats(Verifier verifier) {
    return verifier.cacheStats();
  }

  private static double lagSeq(Store store, ChangeFollower follower) {
    try {
      long head = store.read(tx -> tx.changes().lastSeq());
      return Math.max(0, head - follower.position());
    } catch (RuntimeException e) {
      LOG.debug("change feed lag unknown: the store did not answer: {}", e.getMessage());
      return Double.NaN;
    }
  }

  /** The Prometheus text exposition format (version 0.0.4) of every metric now. */
  public String scrape() {
    return registry.scrape();
  }

  /** The media type of {@link #scrape()}. */
  public static String contentType() {
    return "text/plain; version=0.0.4; charset=utf-8";
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
