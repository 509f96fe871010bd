package dev.latchkey.server;

import java.util.OptionalInt;

/**
 * Metrics and the access log of a node.
 *
 * @param metricsHost the address of the metrics listener; loopback unless set
 * @param metricsPort the port of the metrics listener ({@code GET /metrics}, nothing else); empty:
 *     no listener (the default); 0 picks a free port
 * @param accessLog whether every request is logged at INFO on {@code dev.latchkey.access}
 * @param maxServices distinct services labelled in the verification metrics; the rest count as
 *     {@code other}
 */
public record MonitoringSettings(
    String metricsHost, OptionalInt metricsPort, boolean accessLog, int maxServices) {
  public MonitoringSettings {
    if (metricsPort.isPresent() && (metricsPort.getAsInt() < 0 || metricsPort.getAsInt() > 65535)) {
      throw new IllegalArgumentException("the metrics port must be 0 to 65535");
    }
    if (maxServices < 1) {
      throw new IllegalArgumentException("maxServices must be at least 1");
    }
  }

  /** No metrics listener, the access log on, 1,000 services labelled. */
  public static MonitoringSettings defaults() {
    return new MonitoringSettings(
        "127.0.0.1",
        OptionalInt.empty(),
        false,
        dev.latchkey.server.metrics.Metrics.DEFAULT_MAX_SERVICES);
  }

  /** These settings with the metrics listener on {@code host}:{@code port}. */
  public MonitoringSettings withMetrics(String host, int port) {
    return new MonitoringSettings(host, OptionalInt.of(port), accessLog, maxServices);
  }

  public MonitoringSettings withAccessLog(boolean on) {
    return new MonitoringSettings(metricsHost, metricsPort, on, maxServices);
  }

  public MonitoringSettings withMaxServices(int max) {
    return new MonitoringSettings(metricsHost, metricsPort, accessLog, max);
  }
}
