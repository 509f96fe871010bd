package dev.latchkey.bench;

import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.Credits;
import dev.latchkey.api.RateLimit;
import dev.latchkey.api.Verdict;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.access.condition.Conditions;
import dev.latchkey.core.limit.LocalLimiter;
import dev.latchkey.core.manage.Bootstrap;
import dev.latchkey.core.manage.Caller;
import dev.latchkey.core.manage.Keys;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.Services;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.verify.CacheSettings;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.redis.RedisLimiter;
import dev.latchkey.store.SqlStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What usage limits cost a cached verification, against plain cached verification in the same run:
 * one rate limit counted in memory, one counted in Redis on loopback (one Lua script round trip),
 * and a credit balance (one write transaction in the SQLite store). The limits are far above what
 * the run can spend, so every verification is admitted and does the whole work.
 *
 * <p>Run: {@code java -jar latchkey-bench/target/benchmarks.jar LimitBenchmark -t 4 -bm thrpt} for
 * throughput and {@code -bm sample} for percentiles. Redis: {@code LATCHKEY_BENCH_REDIS_URL},
 * default {@code redis://127.0.0.1:6379}; the run's keys are prefixed and expire within a second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LimitBenchmark {
  private Path dir;
  private Store store;
  private RedisLimiter redis;
  private Verifier local;
  private Verifier shared;
  private String workspaceId;
  private String plainKey;
  private String ratedKey;
  private String creditedKey;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("latchkey-bench");
    store = SqlStores.openSqlite(dir.resolve("latchkey.db"));
    Clock clock = Clock.systemUTC();
    local = Verifier.create(store, clock, CacheSettings.defaults());
    String url = System.getenv().getOrDefault("LATCHKEY_BENCH_REDIS_URL", "redis://127.0.0.1:6379");
    redis = RedisLimiter.builder(url).keyPrefix("lk-bench-" + UUID.randomUUID() + ":").connect();
    shared = Verifier.create(store, clock, CacheSettings.defaults(), Conditions.create(), redis);
    Mutations mutations = new Mutations(store, local, clock);
    workspaceId = new Bootstrap(store, mutations).run(Optional.empty(), issued -> {}).workspaceId();
    Caller caller = new Caller(Principal.system(workspaceId), "bench", "local");
    String service =
        mutations
            .run(caller, m -> new Services(store).create(m, new CreateService("bench", "bench")))
            .id();
    Keys keys = new Keys(store, clock, Conditions.create());
    plainKey = create(mutations, caller, keys, CreateKey.of(service));
    List<RateLimit> oneLimit = List.of(RateLimit.of("requests", 1_000_000_000L, "PT1S"));
    ratedKey =
        create(
            mutations,
            caller,
            keys,
            new CreateKey(
                service, null, "rated", null, null, null, null, null, null, oneLimit, null));
    creditedKey =
        create(
            mutations,
            caller,
            keys,
            new CreateKey(
                service,
                null,
                "credited",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Credits.of(1_000_000_000_000L)));
    for (String key : List.of(plainKey, ratedKey, creditedKey)) {
      if (!local.verify(workspaceId, key).valid() || !shared.verify(workspaceId, key).valid()) {
        throw new IllegalStateException("every benchmark key must verify");
      }
    }
  }

  private static String create(Mutations mutations, Caller caller, Keys keys, CreateKey body) {
    return mutations.run(caller, m -> keys.create(m, body)).key();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    redis.close();
    store.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The baseline: a cached key without limits. */
  @Benchmark
  public Verdict plain() {
    return local.verify(workspaceId, plainKey);
  }

  /** One rate limit counted in this process ({@link LocalLimiter}). */
  @Benchmark
  public Verdict localRateLimit() {
    return local.verify(workspaceId, ratedKey);
  }

  /** One rate limit counted in Redis: one Lua script round trip on loopback. */
  @Benchmark
  public Verdict redisRateLimit() {
    return shared.verify(workspaceId, ratedKey);
  }

  /** A credit balance: one write transaction in the SQLite store. */
  @Benchmark
  public Verdict storeCredits() {
    return local.verify(workspaceId, creditedKey);
  }
}
