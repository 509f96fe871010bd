package dev.latchkey.bench;

import dev.latchkey.core.manage.Alerts;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.Store;
import dev.latchkey.store.SqlStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link Alerts#raise} costs the verification thread that calls it: the signal, the name
 * checks and an offer to the bounded queue, while the background writer stores what it can into a
 * real SQLite file (the queue is full most of the time at this rate, so most calls take the drop
 * path: counted, not written).
 *
 * <p>Run: {@code java -jar latchkey-bench/target/benchmarks.jar AlertRaiseBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(1)
public class AlertRaiseBenchmark {
  private Path dir;
  private Store store;
  private Alerts alerts;
  private String ws;
  private final Instant at = Instant.parse("2026-11-28T00:00:00Z");
  private final Map<String, Object> details = Map.of("address", "203.0.114.7", "count", 12);

  @Setup
  public void open() throws IOException {
    dir = Files.createTempDirectory("latchkey-alert-bench");
    store = SqlStores.openSqlite(dir.resolve("bench.db"));
    ws = Ids.newId("ws");
    store.write(
        tx -> {
          tx.workspaces().insert(ws, "bench", at);
          return null;
        });
    alerts = new Alerts(store, null, null, Clock.systemUTC(), () -> {}).start();
  }

  @TearDown
  public void close() throws IOException {
    alerts.close();
    store.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public boolean raise() {
    return alerts.raise(
        ws,
        "new_client_address",
        "info",
        "address",
        "203.0.114.7",
        "key_x/203.0.114.7",
        details,
        at);
  }
}
