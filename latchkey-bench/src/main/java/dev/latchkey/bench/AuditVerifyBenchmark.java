package dev.latchkey.bench;

import dev.latchkey.api.AuditEvent;
import dev.latchkey.api.AuditVerification;
import dev.latchkey.api.audit.AuditChain;
import dev.latchkey.api.audit.ChainVerifier;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.manage.AuditTrail;
import dev.latchkey.core.store.AuditLink;
import dev.latchkey.core.store.Store;
import dev.latchkey.store.SqlStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verification of a 1,000,000-event audit chain (issue 7's target: ≤ 10 s), each benchmark one
 * whole walk (single shot), against baselines in the same run:
 *
 * <ul>
 *   <li>{@code memoryVerify}: {@link ChainVerifier} over events generated through the real encoding
 *       (kept as 32-byte hashes, the events rebuilt as they are fed, as rows are read); baseline
 *       {@code memorySha256Floor}: the same number of SHA-256 computations over buffers of the
 *       events' average canonical length, and the same event objects built;
 *   <li>{@code storeVerify}: {@link AuditTrail#verify} on a SQLite store holding the chain
 *       (appended through the real store code, 10,000 per transaction; kept in {@code
 *       java.io.tmpdir} between runs); baseline {@code storeWalkOnly}: the same batched walk
 *       reading every row, without hashing.
 * </ul>
 *
 * <p>Run: {@code java -Xmx1g -jar latchkey-bench/target/benchmarks.jar AuditVerifyBenchmark}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class AuditVerifyBenchmark {
  static final String WS = "ws_bench0000000000000000000";
  static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");
  static final AuditEvent.Actor ACTOR =
      new AuditEvent.Actor("root_key", "rk_5Gh8Jk2Lm6Nb9Vc3Xz7Qw1Er");
  static final Map<String, Object> DETAILS = Map.of("fields", List.of("name", "meta"));
  static final HexFormat HEX = HexFormat.of();

  static AuditEvent draft(int i) {
    return new AuditEvent(
        String.format("evt_%024d", i),
        T0.plusMillis(i),
        ACTOR,
        i % 3 == 0 ? "key.created" : "key.updated",
        new AuditEvent.Target("key", String.format("key_%024d", i % 1000)),
        String.format("req-%08x", i),
        "10.1.2.3",
        DETAILS);
  }

  /** A chain kept as its hashes; events are rebuilt from their index. */
  @State(Scope.Benchmark)
  public static class Memory {
    @Param("1000000")
    int events;

    byte[] hashes;
    long canonicalBytes;

    @Setup(Level.Trial)
    public void build() {
      hashes = new byte[32 * events];
      String prev = AuditChain.GENESIS;
      for (int i = 0; i < events; i++) {
        AuditEvent placed = draft(i).chained(WS, i + 1L, prev, null);
        canonicalBytes += AuditChain.canonical(placed).length;
        prev = AuditChain.hash(placed);
        System.arraycopy(HEX.parseHex(prev), 0, hashes, 32 * i, 32);
      }
    }

    AuditEvent event(int i, String prevHash) {
      return draft(i).chained(WS, i + 1L, prevHash, HEX.formatHex(hashes, 32 * i, 32 * i + 32));
    }
  }

  @Benchmark
  public AuditVerification memoryVerify(Memory m) {
    ChainVerifier verifier = ChainVerifier.of(WS, Optional.empty());
    String prev = AuditChain.GENESIS;
    for (int i = 0; i < m.events; i++) {
      AuditEvent e = m.event(i, prev);
      verifier.accept(e);
      prev = e.hash();
    }
    AuditVerification result = verifier.finish();
    if (!result.valid()) {
      throw new IllegalStateException("the benchmark chain must verify: " + result.firstBad());
    }
    return result;
  }

  @Benchmark
  public long memorySha256Floor(Memory m) throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[(int) (m.canonicalBytes / m.events)];
    long sink = 0;
    String prev = AuditChain.GENESIS;
    for (int i = 0; i < m.events; i++) {
      AuditEvent e = m.event(i, prev);
      buffer[0] = (byte) i;
      sink += sha256.digest(buffer)[0];
      prev = e.hash();
    }
    return sink;
  }

  /** A SQLite store holding one workspace whose chain has {@code events} events. */
  @State(Scope.Benchmark)
  public static class OnDisk {
    @Param("1000000")
    int events;

    Store store;
    AuditTrail trail;

    @Setup(Level.Trial)
    public void open() throws Exception {
      Path file = Path.of(System.getProperty("java.io.tmpdir"), "latchkey-audit-" + events + ".db");
      boolean fresh = !Files.exists(file);
      store = SqlStores.openSqlite(file);
      trail = new AuditTrail(store);
      if (fresh) {
        store.write(
            tx -> {
              tx.workspaces().insert(WS, "bench", T0);
              return null;
            });
        for (int from = 0; from < events; from += 10_000) {
          int start = from;
          store.write(
              tx -> {
                for (int i = start; i < Math.min(start + 10_000, events); i++) {
                  tx.audit().append(WS, draft(i));
                }
                return null;
              });
        }
      }
      AuditVerification check = trail.verify(Principal.system(WS));
      if (!check.valid() || check.eventsChecked() != events) {
        throw new IllegalStateException("the benchmark store must hold an intact chain");
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      store.close();
    }
  }

  @Benchmark
  public AuditVerification storeVerify(OnDisk d) {
    return d.trail.verify(Principal.system(WS));
  }

  @Benchmark
  public long storeWalkOnly(OnDisk d) {
    return d.store.read(
        tx -> {
          long position = 0;
          long seq = 0;
          long read = 0;
          while (true) {
            List<AuditLink> batch = tx.audit().chain(WS, position, seq, 1000);
            read += batch.size();
            if (batch.size() < 1000) {
              return read;
            }
            position = batch.getLast().event().position();
            seq = batch.getLast().seq();
          }
        });
  }
}
