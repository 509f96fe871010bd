package dev.latchkey.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics facade without a server: label bounds, alert counts, the text's validity. */
class MetricsTest {
  @TempDir Path dir;

  @Test
  void servicesPastTheBound_countAsOther() throws Exception {
    try (Metrics m = Metrics.create(2)) {
      for (String svc : List.of("svc_a", "svc_b", "svc_c", "svc_d", "svc_a", "svc_d")) {
        m.verifications().verified(verdict(VerifyCode.VALID, svc), 1_000);
      }
      m.verifications().verified(Verdict.denied(VerifyCode.MALFORMED), 500);
      m.verifications().failed(2_000_000);
      Scrape s = new Scrape(m.scrape());
      assertThat(s.labelValues("latchkey_verifications_total", "service"))
          .containsExactly("none", "other", "svc_a", "svc_b");
      assertThat(s.valueOf(series("VALID", "svc_a"))).isEqualTo(2);
      assertThat(s.valueOf(series("VALID", "svc_b"))).isEqualTo(1);
      assertThat(s.valueOf(series("VALID", "other"))).isEqualTo(3);
      assertThat(s.valueOf(series("MALFORMED", "none"))).isEqualTo(1);
      assertThat(s.valueOf(series("ERROR", "none"))).isEqualTo(1);
      assertThat(
              s.valueOf(
                  "latchkey_verification_duration_seconds_bucket{outcome=\"ERROR\",le=\"0.0025\"}"))
          .isEqualTo(1);
      assertThat(
              s.valueOf(
                  "latchkey_verification_duration_seconds_bucket{outcome=\"ERROR\",le=\"0.001\"}"))
          .isZero();
      s.assertPromtoolAccepts(dir);
    }
  }

  @Test
  void theBoundHolds_whenManyThreadsRace() throws Exception {
    try (Metrics m = Metrics.create(10);
        var pool = Executors.newFixedThreadPool(8)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    m.verifications()
                        .verified(verdict(VerifyCode.VALID, "svc_" + (i * 7 + thread) % 100), 1);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      Scrape s = new Scrape(m.scrape());
      List<String> labels = s.labelValues("latchkey_verifications_total", "service");
      assertThat(labels).hasSize(11).contains("other");
      double total = labels.stream().mapToDouble(l -> s.valueOf(series("VALID", l))).sum();
      assertThat(total).isEqualTo(8 * 500);
    }
  }

  @Test
  void alertsAreCountedByRule_andRulesAreBounded() throws Exception {
    try (Metrics m = Metrics.create(2)) {
      m.alert("key_leaked");
      m.alert("key_leaked");
      m.alert("usage_spike");
      for (int i = 0; i < 300; i++) {
        m.alert("rule_" + i);
      }
      Scrape s = new Scrape(m.scrape());
      assertThat(s.valueOf("latchkey_alerts_total{rule=\"key_leaked\"}")).isEqualTo(2);
      assertThat(s.valueOf("latchkey_alerts_total{rule=\"usage_spike\"}")).isEqualTo(1);
      assertThat(s.labelValues("latchkey_alerts_total", "rule")).hasSize(201);
      assertThat(s.valueOf("latchkey_alerts_total{rule=\"other\"}")).isEqualTo(102);
      s.assertPromtoolAccepts(dir);
    }
  }

  @Test
  void httpRequests_byRouteMethodAndStatus() throws Exception {
    try (Metrics m = Metrics.create(2)) {
      m.request("/v1/keys/{id}", "GET", 200, 3_000_000);
      m.request("/v1/keys/{id}", "GET", 404, 1_000_000);
      Scrape s = new Scrape(m.scrape());
      assertThat(
              s.valueOf(
                  "latchkey_http_requests_total{method=\"GET\",route=\"/v1/keys/{id}\",status=\"404\"}"))
          .isEqualTo(1);
      assertThat(
              s.valueOf(
                  "latchkey_http_request_duration_seconds_bucket{method=\"GET\",route=\"/v1/keys/{id}\",le=\"0.0025\"}"))
          .isEqualTo(1);
    }
  }

  private static String series(String outcome, String service) {
    return "latchkey_verifications_total{outcome=\"" + outcome + "\",service=\"" + service + "\"}";
  }

  private static Verdict verdict(VerifyCode code, String service) {
    return new Verdict(
        code == VerifyCode.VALID,
        code,
        "key_x",
        service,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
