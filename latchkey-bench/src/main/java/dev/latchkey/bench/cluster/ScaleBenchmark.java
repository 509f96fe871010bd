package dev.latchkey.bench.cluster;

import dev.latchkey.api.CreateService;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.manage.Bootstrap;
import dev.latchkey.core.manage.Caller;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.Services;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.verify.CacheSettings;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.server.LatchkeyServer;
import dev.latchkey.store.SqlStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Verification and listing at scale: seeds a million keys (the default) into a fresh PostgreSQL
 * schema with {@link KeySeeder}, runs {@code VACUUM ANALYZE} (what autovacuum does after a bulk
 * load), then measures, on sampled keys spread over the whole table, in random order:
 *
 * <ul>
 *   <li>in-process: a verifier whose cache has never seen the key (a miss: one indexed lookup in
 *       PostgreSQL), then the same keys once cached, the baseline;
 *   <li>over HTTP, on a real node on the schema: the same through {@code POST /v1/keys:verify}, for
 *       other sampled keys;
 *   <li>{@code GET /v1/keys?page_size=100} through the whole list by page token (see {@link
 *       PageWalk}).
 * </ul>
 *
 * <p>Run: {@code latchkey-bench/scripts/cluster.sh scale [keys, default 1000000]}.
 */
public final class ScaleBenchmark {
  private static final int CHUNK = 50_000;
  private static final int PAGE = 100;

  private ScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path dataDir = Files.createTempDirectory("latchkey-scale");
    ScaleReport report = new ScaleReport(total);
    try (PgSchema schema = PgSchema.create()) {
      report.database = schema.serverVersion();
      run(schema, total, dataDir, report);
    } finally {
      try (var files = Files.walk(dataDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    report.print();
  }

  private static void run(PgSchema schema, int total, Path dataDir, ScaleReport report)
      throws Exception {
    String rootKey = KeyFormat.generateRoot().reveal();
    Clock clock = Clock.systemUTC();
    try (Store store = SqlStores.openPostgres(schema.url())) {
      Mutations mutations =
          new Mutations(store, Verifier.create(store, clock, CacheSettings.defaults()), clock);
      Bootstrap.Outcome boot = new Bootstrap(store, mutations).run(Optional.of(rootKey), k -> {});
      String workspace = boot.workspaceId();
      Caller caller = new Caller(Principal.system(workspace), "bench", "127.0.0.1");
      String serviceId =
          mutations
              .run(caller, m -> new Services(store).create(m, new CreateService("scale", "scale")))
              .id();
      List<KeySeeder.Sample> samples;
      try (Connection c = schema.connect()) {
        System.err.printf("seeding %,d keys into schema %s%n", total, schema.name());
        String rootKeyId = boot.issued().orElseThrow().data().id();
        long start = System.nanoTime();
        samples =
            new KeySeeder(c, workspace, serviceId, "scale", rootKeyId, System.err)
                .seed(total, CHUNK, Math.max(1, total / 21_000));
        report.seedSeconds = (System.nanoTime() - start) / 1e9;
        System.err.println("VACUUM ANALYZE");
        start = System.nanoTime();
        report.sizes = SchemaSizes.vacuumAndMeasure(c);
        report.vacuumSeconds = (System.nanoTime() - start) / 1e9;
      }
      Collections.shuffle(samples, new Random(7));
      int warmup = Math.min(1_000, samples.size() / 10);
      int local = Math.min(10_000, (samples.size() - warmup) / 2);
      List<KeySeeder.Sample> warm = samples.subList(0, warmup);

      System.err.printf("in-process verification of %,d sampled keys%n", local);
      Verifier verifier = Verifier.create(store, clock, CacheSettings.defaults());
      Verifications inProcess =
          new Verifications(key -> verifier.verify(workspace, key).code().name());
      inProcess.run(warm);
      report.inProcess = inProcess.run(samples.subList(warmup, warmup + local));

      try (LatchkeyServer node = ServerNodes.start(Optional.of(schema.url()), dataDir, rootKey)) {
        HttpNode api = ServerNodes.api(node, rootKey);
        List<KeySeeder.Sample> remote = samples.subList(warmup + local, samples.size());
        System.err.printf("HTTP verification of %,d other sampled keys%n", remote.size());
        Verifications http =
            new Verifications(
                key ->
                    api.post("/v1/keys:verify", Map.of("key", key))
                        .expect(200)
                        .get("code")
                        .asText());
        http.run(warm);
        report.http = http.run(remote);
        report.pages = new PageWalk(api, PAGE, total).run();
      }
    }
  }
}
