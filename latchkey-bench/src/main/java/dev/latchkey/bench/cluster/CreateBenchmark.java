package dev.latchkey.bench.cluster;

import static dev.latchkey.bench.cluster.Percentiles.count;
import static dev.latchkey.bench.cluster.Percentiles.ms;
import static dev.latchkey.bench.cluster.Percentiles.ratio;

import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.manage.Bootstrap;
import dev.latchkey.core.manage.Caller;
import dev.latchkey.core.manage.Keys;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.Services;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.verify.CacheSettings;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.server.LatchkeyServer;
import dev.latchkey.store.SqlStores;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Key creation throughput: 8 client threads, each with its own kept-alive connection, send {@code
 * POST /v1/keys} back to back to one node for 20 s (after 3 s of warm-up), first a node on SQLite
 * (the baseline), then a node on PostgreSQL, in the same run. Then the same use case in-process (8
 * threads, and 1 thread, no HTTP), and the commit latency of PostgreSQL, which bounds a store whose
 * writes run one at a time.
 *
 * <p>Run: {@code latchkey-bench/scripts/cluster.sh create [seconds, default 20]}.
 */
public final class CreateBenchmark {
  private static final int THREADS = 8;
  private static final Duration WARMUP = Duration.ofSeconds(3);
  private static final double GOAL_PER_SECOND = 1_000;

  private record Row(
      String store, String client, double perSecond, double p50, double p99, long failed) {
    static Row of(String store, String client, Load.Result r) {
      return new Row(
          store, client, r.perSecond(), r.latency().p50(), r.latency().p99(), r.failed());
    }
  }

  private CreateBenchmark() {}

  public static void main(String[] args) throws Exception {
    Duration measured = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 20);
    Path dirs = Files.createTempDirectory("latchkey-create");
    List<Row> rows = new ArrayList<>();
    String database;
    CommitProbe.Result commit;
    try (PgSchema schema = PgSchema.create()) {
      database = schema.serverVersion();
      String rootKey = KeyFormat.generateRoot().reveal();
      Path sqliteDir = dirs.resolve("sqlite");
      Optional<String> pg = Optional.of(schema.url());
      rows.add(overHttp("SQLite", Optional.empty(), sqliteDir, rootKey, measured));
      rows.add(overHttp("PostgreSQL", pg, dirs.resolve("pg"), rootKey, measured));
      Duration shorter = measured.dividedBy(2);
      Supplier<Store> sqlite = () -> SqlStores.openSqlite(sqliteDir.resolve("latchkey.db"));
      Supplier<Store> postgres = () -> SqlStores.openPostgres(schema.url());
      rows.add(inProcess("SQLite", sqlite, THREADS, shorter));
      rows.add(inProcess("PostgreSQL", postgres, THREADS, shorter));
      rows.add(inProcess("PostgreSQL", postgres, 1, shorter));
      System.err.println("round trip and commit latency");
      commit = CommitProbe.measure(schema, 2_000);
    } finally {
      try (var files = Files.walk(dirs)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    print(database, measured, rows, commit);
  }

  private static Row overHttp(
      String store, Optional<String> url, Path dataDir, String rootKey, Duration measured)
      throws IOException, InterruptedException {
    System.err.printf("%s over HTTP: wrk, %d connections, %s%n", store, THREADS, measured);
    try (LatchkeyServer node = ServerNodes.start(url, dataDir, rootKey)) {
      HttpNode api = ServerNodes.api(node, rootKey);
      String service =
          api.post("/v1/services", Map.of("name", "create", "prefix", "create"))
              .expect(201)
              .get("id")
              .asText();
      String body = "{\"service\":\"" + service + "\"}";
      URI keys = node.uri().resolve("/v1/keys");
      Wrk.post(keys, body, rootKey, THREADS, WARMUP, dataDir);
      Wrk.Result r = Wrk.post(keys, body, rootKey, THREADS, measured, dataDir);
      return new Row(
          store,
          "HTTP, wrk, " + THREADS + " connections",
          r.perSecond(),
          r.p50(),
          r.p99(),
          r.failed());
    }
  }

  private static Row inProcess(String store, Supplier<Store> open, int threads, Duration measured)
      throws InterruptedException {
    System.err.printf("%s in-process: %d threads, %s%n", store, threads, measured);
    Clock clock = Clock.systemUTC();
    try (Store s = open.get()) {
      Mutations mutations =
          new Mutations(s, Verifier.create(s, clock, CacheSettings.defaults()), clock);
      String workspace = new Bootstrap(s, mutations).run(Optional.empty(), k -> {}).workspaceId();
      Caller caller = new Caller(Principal.system(workspace), "bench", "127.0.0.1");
      String name = "in-process-" + threads;
      String service =
          mutations
              .run(caller, m -> new Services(s).create(m, new CreateService(name, "inproc")))
              .id();
      Keys keys = new Keys(s, clock, dev.latchkey.core.access.condition.Conditions.create());
      CreateKey cmd =
          new CreateKey(service, null, null, null, null, null, null, null, null, null, null);
      Load.Op create = () -> mutations.run(caller, m -> keys.create(m, cmd));
      Load.run(threads, WARMUP, create);
      String client = "in-process, " + threads + (threads == 1 ? " thread" : " threads");
      return Row.of(store, client, Load.run(threads, measured, create));
    }
  }

  private static void print(
      String database, Duration measured, List<Row> rows, CommitProbe.Result commit) {
    System.out.println("Key creation, " + Machine.describe(database));
    System.out.printf(
        "POST /v1/keys for %d s after %d s of warm-up (in-process: %d s); one node%n%n",
        measured.toSeconds(), WARMUP.toSeconds(), measured.toSeconds() / 2);
    System.out.println(
        "| store | client | keys/s | ratio to SQLite, same client | p50 (ms) | p99 (ms) | failed |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (Row r : rows) {
      double baseline =
          rows.stream()
              .filter(b -> b.store().equals("SQLite") && b.client().equals(r.client()))
              .findFirst()
              .map(Row::perSecond)
              .orElse(0.0);
      System.out.printf(
          "| %s | %s | %s | %s | %s | %s | %d |%n",
          r.store(),
          r.client(),
          count(Math.round(r.perSecond())),
          ratio(r.perSecond(), baseline),
          ms(r.p50()),
          ms(r.p99()),
          r.failed());
    }
    System.out.printf(
        "%nPostgreSQL, one connection, %s times each: round trip (SELECT 1) p50 %s ms, p99 %s ms;"
            + " commit of a one-row INSERT p50 %s ms, p99 %s ms%n",
        count(commit.commit().count()),
        ms(commit.roundTrip().p50()),
        ms(commit.roundTrip().p99()),
        ms(commit.commit().p50()),
        ms(commit.commit().p99()));
    double http = rows.get(1).perSecond();
    System.out.printf(
        "goal >= %s keys/s on PostgreSQL over HTTP with %d connections: %s (%s keys/s)%n",
        count(Math.round(GOAL_PER_SECOND)),
        THREADS,
        http >= GOAL_PER_SECOND ? "met" : "NOT met",
        count(Math.round(http)));
  }
}
