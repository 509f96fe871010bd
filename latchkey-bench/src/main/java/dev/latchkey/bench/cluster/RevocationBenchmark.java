package dev.latchkey.bench.cluster;

import static dev.latchkey.bench.cluster.Percentiles.ms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Revocation propagation across three nodes on one PostgreSQL schema: the time from the start of a
 * revocation through node A until nodes B and C each deny the key they had cached as valid.
 *
 * <p>Four clusters, one after the other in the same run and schema: real nodes over HTTP; the same
 * real nodes seen through SDK verifiers that follow B's and C's change feeds; the same pieces
 * in-process (verdicts read from the verifiers directly, no HTTP in the measurement); and
 * in-process with notifications ignored on B and C, the poll-only baseline.
 *
 * <p>Run: {@code latchkey-bench/scripts/cluster.sh revocation [revocations per cluster, default
 * 1000]}. Prints a markdown table on standard output, progress on standard error.
 */
public final class RevocationBenchmark {
  private static final int MAX_GAP_MILLIS = 20;
  private static final double GOAL_P99_MILLIS = 250;
  private static final double SDK_GOAL_P99_MILLIS = 1000;

  private RevocationBenchmark() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    List<PropagationRun.Result> results = new ArrayList<>();
    Path dirs = Files.createTempDirectory("latchkey-revocation");
    String database;
    String sdkCalls;
    try (PgSchema schema = PgSchema.create()) {
      database = schema.serverVersion();
      try (Cluster cluster = HttpCluster.start(schema.url(), dirs.resolve("http"))) {
        results.add(PropagationRun.run(cluster, n, MAX_GAP_MILLIS));
      }
      // A schema of its own: the nodes bootstrap it with a root key of their own.
      try (PgSchema own = PgSchema.create();
          SdkCluster cluster = SdkCluster.start(own.url(), dirs.resolve("sdk"))) {
        results.add(PropagationRun.run(cluster, n, MAX_GAP_MILLIS));
        sdkCalls = cluster.hitsAndMisses();
      }
      try (Cluster cluster = InProcessCluster.start(schema.url(), true)) {
        results.add(PropagationRun.run(cluster, n, MAX_GAP_MILLIS));
      }
      try (Cluster cluster = InProcessCluster.start(schema.url(), false)) {
        results.add(PropagationRun.run(cluster, n, MAX_GAP_MILLIS));
      }
    } finally {
      deleteTree(dirs);
    }
    print(database, n, results, sdkCalls);
  }

  private static void print(
      String database, int n, List<PropagationRun.Result> results, String sdkCalls) {
    System.out.println("Revocation propagation, " + Machine.describe(database));
    System.out.printf(
        "%d revocations per cluster through node A, %d to %d ms apart; time from the start of"
            + " the revocation until B / C deny the key (ms)%n%n",
        n, 0, MAX_GAP_MILLIS);
    System.out.println(
        "| cluster | revoke call p50 | B p50 | B p99 | B max | C p50 | C p99 | C max"
            + " | p99 / poll-only p99 | missed | not REVOKED | watch calls > 50 ms |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    PropagationRun.Result poll = results.getLast();
    double pollP99 = Math.max(poll.b().p99(), poll.c().p99());
    for (PropagationRun.Result r : results) {
      double p99 = Math.max(r.b().p99(), r.c().p99());
      System.out.printf(
          "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %d | %d |%n",
          r.cluster(),
          ms(r.revoke().p50()),
          ms(r.b().p50()),
          ms(r.b().p99()),
          ms(r.b().max()),
          ms(r.c().p50()),
          ms(r.c().p99()),
          ms(r.c().max()),
          Percentiles.ratio(p99, pollP99),
          r.missed(),
          r.unexpected(),
          r.slowCalls());
    }
    PropagationRun.Result http = results.getFirst();
    double worst = Math.max(http.b().p99(), http.c().p99());
    System.out.printf(
        "%ngoal p99 <= %.0f ms on every other node: %s (%s ms over HTTP)%n",
        GOAL_P99_MILLIS, worst <= GOAL_P99_MILLIS ? "met" : "NOT met", ms(worst));
    PropagationRun.Result sdk = results.get(1);
    double sdkWorst = Math.max(sdk.b().p99(), sdk.c().p99());
    System.out.printf(
        "goal p99 <= %.0f ms to a running SDK verifier: %s (%s ms; verifications on B and C: %s)%n",
        SDK_GOAL_P99_MILLIS,
        sdkWorst <= SDK_GOAL_P99_MILLIS ? "met" : "NOT met",
        ms(sdkWorst),
        sdkCalls);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
