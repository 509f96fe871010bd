package dev.latchkey.bench.cluster;

import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One line saying where and when a benchmark ran, printed above its table. The load average shows
 * whether other work shared the machine (these machines run several jobs at once).
 */
final class Machine {
  private Machine() {}

  static String describe(String database) {
    long bytes =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    return String.format(
        "%s: %d cores, %d GiB, %s %s; %s %s; %s on loopback; load average %.2f at the end",
        LocalDate.now(ZoneOffset.UTC),
        Runtime.getRuntime().availableProcessors(),
        Math.round(bytes / (1024.0 * 1024 * 1024)),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("java.vm.vendor", "").split(" ")[0],
        System.getProperty("java.runtime.version"),
        database,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
