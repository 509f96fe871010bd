package dev.latchkey.bench;

import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.Verdict;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.access.condition.ConditionInput;
import dev.latchkey.core.access.condition.Conditions;
import dev.latchkey.core.manage.Bootstrap;
import dev.latchkey.core.manage.Caller;
import dev.latchkey.core.manage.Keys;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.Services;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.verify.CacheSettings;
import dev.latchkey.core.verify.Check;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.store.SqlStores;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process verification of a cached valid key against its floor: the SHA-256 of the key plus a
 * hash-map lookup, the least any digest-based check must do. One thread each, same run.
 *
 * <p>Run: {@code java -jar latchkey-bench/target/benchmarks.jar VerifyBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class VerifyBenchmark {
  private Path dir;
  private Store store;
  private Verifier verifier;
  private String workspaceId;
  private String key;
  private MessageDigest sha256;
  private Map<ByteBuffer, String> floorMap;
  private Verifier following;
  private Verifier uncounted;
  private Verifier watched;
  private dev.latchkey.core.verify.Check fromClient;
  private java.util.concurrent.ScheduledExecutorService flusher;
  private dev.latchkey.core.feed.ChangeFollower follower;
  private Check guardedCheck;
  private Check queryOnlyCheck;

  /** A 5-term permission query, as a service asking for a refund might send it. */
  static final String QUERY =
      "orders:read AND orders:write AND (payments:refund OR admin:*) AND invoices:read";

  /** One condition over the request, CIDR membership and an equality. */
  static final String CONDITION = "request.method == 'POST' && request.ip.in_cidr('10.0.0.0/8')";

  @Setup(Level.Trial)
  public void setUp() throws IOException, NoSuchAlgorithmException {
    dir = Files.createTempDirectory("latchkey-bench");
    store = SqlStores.openSqlite(dir.resolve("latchkey.db"));
    Clock clock = Clock.systemUTC();
    verifier = Verifier.create(store, clock, CacheSettings.defaults());
    Mutations mutations = new Mutations(store, verifier, clock);
    workspaceId = new Bootstrap(store, mutations).run(Optional.empty(), issued -> {}).workspaceId();
    Caller caller = new Caller(Principal.system(workspaceId), "bench", "local");
    String serviceId =
        mutations
            .run(caller, m -> new Services(store).create(m, new CreateService("bench", "bench")))
            .id();
    Keys keys = new Keys(store, clock, Conditions.create());
    key =
        mutations
            .run(
                caller,
                m ->
                    keys.create(
                        m,
                        new CreateKey(
                            serviceId, null, "bench", null, null, null, null, null, null, null,
                            null)))
            .key();
    if (!verifier.verify(workspaceId, key).valid()) {
      throw new IllegalStateException("the benchmark key must verify");
    }
    String guarded =
        mutations
            .run(
                caller,
                m ->
                    keys.create(
                        m,
                        new CreateKey(
                            serviceId,
                            null,
                            "guarded",
                            null,
                            null,
                            null,
                            List.of("orders:*", "payments:refund", "invoices:read"),
                            null,
                            CONDITION,
                            null,
                            null)))
            .key();
    guardedCheck =
        Check.of(guarded)
            .requiring(verifier.query(QUERY))
            .withRequest(
                new ConditionInput.Request(
                    "10.20.30.40", "POST", "/orders/17/refund", "orders", Map.of()));
    if (!verifier.verify(workspaceId, guardedCheck).valid()) {
      throw new IllegalStateException("the guarded benchmark key must verify");
    }
    String granted =
        mutations
            .run(
                caller,
                m ->
                    keys.create(
                        m,
                        new CreateKey(
                            serviceId,
                            null,
                            "granted",
                            null,
                            null,
                            null,
                            List.of("orders:*", "payments:refund", "invoices:read"),
                            null,
                            null,
                            null,
                            null)))
            .key();
    queryOnlyCheck = Check.of(granted).requiring(verifier.query(QUERY));
    if (!verifier.verify(workspaceId, queryOnlyCheck).valid()) {
      throw new IllegalStateException("the granted benchmark key must verify");
    }
    following = Verifier.create(store, clock, CacheSettings.defaults());
    follower =
        dev.latchkey.core.feed.ChangeFollower.start(
            store, following, clock, dev.latchkey.core.feed.FollowerSettings.defaults());
    if (!following.verify(workspaceId, key).valid()) {
      throw new IllegalStateException("the benchmark key must verify");
    }
    fromClient = dev.latchkey.core.verify.Check.of(key).from("10.1.2.3");
    watched = Verifier.create(store, clock, CacheSettings.defaults());
    watched.detectAnomalies(
        new dev.latchkey.core.anomaly.AnomalyDetector(
            dev.latchkey.core.anomaly.AnomalySettings.defaults(),
            (ws, rule, severity, type, subject, dedup, details, at) -> {},
            clock.instant()));
    if (!watched.verify(workspaceId, key).valid()) {
      throw new IllegalStateException("the benchmark key must verify");
    }
    uncounted = Verifier.create(store, clock, CacheSettings.defaults());
    uncounted.usageCounts().enable(false);
    if (!uncounted.verify(workspaceId, key).valid()) {
      throw new IllegalStateException("the benchmark key must verify");
    }
    // As the server does: usage is written once a second, off the measured thread.
    flusher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    flusher.scheduleWithFixedDelay(
        () -> {
          verifier.flushUsage();
          following.flushUsage();
          watched.flushUsage();
        },
        1,
        1,
        TimeUnit.SECONDS);
    flusher.scheduleAtFixedRate(
        () -> {
          verifier.usageCounts().tick();
          following.usageCounts().tick();
          watched.usageCounts().tick();
        },
        0,
        dev.latchkey.core.verify.UsageCounts.TICK_MILLIS,
        TimeUnit.MILLISECONDS);
    sha256 = MessageDigest.getInstance("SHA-256");
    floorMap = new HashMap<>();
    floorMap.put(ByteBuffer.wrap(sha256.digest(key.getBytes(StandardCharsets.US_ASCII))), "key");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    flusher.shutdownNow();
    follower.close();
    store.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * Latchkey's verification of a valid, cached key: parse, checksum, digest, cache, state, and the
   * count of the verification in usage (flushed once a second by another thread).
   */
  @Benchmark
  public Verdict cachedVerify() {
    return verifier.verify(workspaceId, key);
  }

  /**
   * {@link #cachedVerify} with usage counting off: the baseline of what counting verifications by
   * key, outcome and minute costs (target: {@code cachedVerify} at least 0.9 of this).
   */
  @Benchmark
  public Verdict cachedVerifyUsageOff() {
    return uncounted.verify(workspaceId, key);
  }

  /**
   * {@link #cachedVerify} with the anomaly detector a server runs watching every verification
   * (spike baseline, networks, the rules' per-key state): what detection costs on top.
   */
  @Benchmark
  public Verdict cachedVerifyWithAnomalies() {
    return watched.verify(workspaceId, fromClient);
  }

  /** The baseline of {@link #cachedVerifyWithAnomalies}: the same check, no detector. */
  @Benchmark
  public Verdict cachedVerifyFromAClient() {
    return verifier.verify(workspaceId, fromClient);
  }

  /**
   * The same with the change follower a server runs: the cache is trusted only while the feed is
   * fresh, one more clock read per verification.
   */
  @Benchmark
  public Verdict cachedVerifyFollowingTheFeed() {
    return following.verify(workspaceId, key);
  }

  /**
   * A cached key with three grants and one CEL condition, checked against a 5-term permission query
   * (parsed once, as the server's query cache does) with the request attributes the condition
   * reads. Target: at most 2 µs more than {@link #cachedVerify}.
   */
  @Benchmark
  public Verdict cachedVerifyWithQueryAndCondition() {
    return verifier.verify(workspaceId, guardedCheck);
  }

  /** The same key grants and query without a condition: what the query alone costs. */
  @Benchmark
  public Verdict cachedVerifyWithQuery() {
    return verifier.verify(workspaceId, queryOnlyCheck);
  }

  /** The floor: SHA-256 of the key and one hash-map lookup. */
  @Benchmark
  public String floorSha256AndMapLookup() {
    byte[] digest = sha256.digest(key.getBytes(StandardCharsets.US_ASCII));
    return floorMap.get(ByteBuffer.wrap(digest));
  }
}
