package dev.latchkey.bench.cluster;

import static dev.latchkey.bench.cluster.Percentiles.count;
import static dev.latchkey.bench.cluster.Percentiles.ms;
import static dev.latchkey.bench.cluster.Percentiles.ratio;

import java.util.List;

/** What {@link ScaleBenchmark} found, printed as markdown. */
final class ScaleReport {
  private static final double GOAL_COLD_P99_MILLIS = 5;

  final int total;
  String database;
  double seedSeconds;
  double vacuumSeconds;
  List<String> sizes = List.of();
  Verifications.Result inProcess;
  Verifications.Result http;
  PageWalk.Result pages;

  ScaleReport(int total) {
    this.total = total;
  }

  void print() {
    System.out.println("Scale, " + Machine.describe(database));
    System.out.printf(
        "%s keys seeded in %.1f s (%s keys/s; 4 rows each), then VACUUM ANALYZE in %.1f s%n%n",
        count(total), seedSeconds, count(Math.round(total / seedSeconds)), vacuumSeconds);
    System.out.println("| table | rows | size with indexes |");
    System.out.println("|---|---|---|");
    sizes.forEach(System.out::println);
    System.out.println();
    System.out.println(
        "| measurement | samples | p50 (ms) | p99 (ms) | max (ms) | ratio p50 | ratio p99 |");
    System.out.println("|---|---|---|---|---|---|---|");
    verifications("in-process `Verifier.verify`", inProcess);
    verifications("HTTP `POST /v1/keys:verify`", http);
    String list = "`GET /v1/keys?page_size=" + pages.pageSize() + "`";
    row(list + ", first 100 pages (baseline)", pages.first(), pages.first());
    row(list + ", pages past " + count(total * 9L / 10) + " rows", pages.deep(), pages.first());
    row(list + ", all " + count(pages.all().count()) + " pages", pages.all(), pages.first());
    System.out.println();
    double worst = Math.max(inProcess.cold().p99(), http.cold().p99());
    System.out.printf(
        "goal cold verification p99 <= %.0f ms at %s keys: %s (in-process %s ms, HTTP %s ms)%n",
        GOAL_COLD_P99_MILLIS,
        count(total),
        worst <= GOAL_COLD_P99_MILLIS ? "met" : "NOT met",
        ms(inProcess.cold().p99()),
        ms(http.cold().p99()));
  }

  private static void verifications(String path, Verifications.Result r) {
    row(path + ", warm: cached (baseline)", r.warm(), r.warm());
    row(path + ", cold: cache miss", r.cold(), r.warm());
  }

  private static void row(String what, Percentiles p, Percentiles baseline) {
    System.out.printf(
        "| %s | %s | %s | %s | %s | %s | %s |%n",
        what,
        count(p.count()),
        ms(p.p50()),
        ms(p.p99()),
        ms(p.max()),
        ratio(p.p50(), baseline.p50()),
        ratio(p.p99(), baseline.p99()));
  }
}
