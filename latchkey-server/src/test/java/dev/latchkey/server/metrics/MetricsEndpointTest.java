package dev.latchkey.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.server.MonitoringSettings;
import dev.latchkey.server.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} on the metrics listener after real traffic: the values match what was done,
 * no label holds anything a client sent, and promtool accepts the text.
 */
class MetricsEndpointTest {
  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void scrapeAfterTraffic_countsWhatHappened_andPassesPromtool() throws Exception {
    try (TestServer t =
        new TestServer(
            dir.resolve("data"),
            c -> c.withMonitoring(MonitoringSettings.defaults().withMetrics("127.0.0.1", 0)))) {
      String svc =
          t.post("/v1/services", "{\"name\":\"payments\",\"prefix\":\"pay\"}")
              .json()
              .get("id")
              .asText();
      var created = t.post("/v1/keys", "{\"service\":\"" + svc + "\"}").json();
      String key = created.get("key").asText();
      String keyId = created.get("data").get("id").asText();
      var other = t.post("/v1/keys", "{\"service\":\"" + svc + "\"}").json();
      String revoked = other.get("key").asText();
      String revokedId = other.get("data").get("id").asText();
      t.post("/v1/keys/" + revokedId + ":revoke", "{\"reason\":\"test\"}");

      assertThat(t.verify(key).get("code").asText()).isEqualTo("VALID");
      assertThat(t.verify(key).get("code").asText()).isEqualTo("VALID"); // from the cache
      assertThat(t.verify(revoked).get("code").asText()).isEqualTo("REVOKED");
      assertThat(t.verify("pay_nonsense").get("code").asText()).isEqualTo("MALFORMED");
      assertThat(t.get("/v1/services").status()).isEqualTo(200);
      // a secret in the path, an unknown method: neither may become a label
      assertThat(t.call("GET", "/v1/" + key, null).status()).isEqualTo(404);
      assertThat(t.call("FROBNICATE", "/v1/services", null).status()).isEqualTo(405);
      // the API's listener does not serve metrics
      assertThat(t.get("/metrics").status()).isEqualTo(404);

      int port = t.server().metricsPort().orElseThrow();
      HttpResponse<String> r = scrape(port);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/plain; version=0.0.4");
      Scrape s = new Scrape(r.body());

      assertThat(s.valueOf(verifications("VALID", svc))).isEqualTo(2);
      assertThat(s.valueOf(verifications("REVOKED", svc))).isEqualTo(1);
      assertThat(s.valueOf(verifications("MALFORMED", "none"))).isEqualTo(1);
      assertThat(s.value(verifications("NOT_FOUND", svc))).isEmpty();
      assertThat(s.valueOf("latchkey_verification_duration_seconds_count{outcome=\"VALID\"}"))
          .isEqualTo(2);
      assertThat(
              s.valueOf(
                  "latchkey_verification_duration_seconds_bucket{outcome=\"VALID\",le=\"+Inf\"}"))
          .isEqualTo(2);
      assertThat(requests("GET", "/v1/services", 200, s)).isEqualTo(1);
      assertThat(requests("POST", "/v1/keys:verify", 200, s)).isEqualTo(4);
      assertThat(requests("POST", "/v1/keys/{id}:revoke", 200, s)).isEqualTo(1);
      assertThat(requests("GET", "unmatched", 404, s)).isEqualTo(2);
      assertThat(requests("OTHER", "/v1/services", 405, s)).isEqualTo(1);
      // the second verification of `key` read no store: lookups exceed loads
      double lookups = s.valueOf("latchkey_credential_cache_lookups_total");
      double loads = s.valueOf("latchkey_credential_cache_loads_total");
      assertThat(lookups - loads).isGreaterThanOrEqualTo(1);
      assertThat(s.valueOf("latchkey_change_feed_position")).isGreaterThan(0);
      assertThat(s.valueOf("latchkey_change_feed_lag_seq")).isZero();
      assertThat(s.valueOf("latchkey_store_pool_max{pool=\"writer\"}")).isEqualTo(1);
      assertThat(s.labelValues("jvm_memory_used_bytes", "area")).contains("heap", "nonheap");
      assertThat(s.value("process_cpu_seconds_total")).isPresent();

      assertThat(s.labelValues("latchkey_http_requests_total", "method"))
          .containsOnly("GET", "POST", "OTHER");
      assertThat(r.body())
          .doesNotContain(key)
          .doesNotContain(key.substring(4, 20))
          .doesNotContain(revoked)
          .doesNotContain(keyId)
          .doesNotContain(revokedId)
          .doesNotContain("FROBNICATE");
      s.assertPromtoolAccepts(dir);
    }
  }

  @Test
  void noMetricsListenerUnlessAsked() throws Exception {
    try (TestServer t = new TestServer(dir.resolve("data"))) {
      assertThat(t.server().metricsPort()).isEmpty();
      assertThat(t.get("/metrics").status()).isEqualTo(404);
    }
  }

  @Test
  void metricsListenerServesNothingElse() throws Exception {
    try (TestServer t =
        new TestServer(
            dir.resolve("data"),
            c -> c.withMonitoring(MonitoringSettings.defaults().withMetrics("127.0.0.1", 0)))) {
      URI base = URI.create("http://127.0.0.1:" + t.server().metricsPort().orElseThrow());
      for (String path : new String[] {"/healthz", "/v1/services", "/openapi.yaml"}) {
        var res =
            http.send(
                HttpRequest.newBuilder(base.resolve(path))
                    .header("Authorization", "Bearer " + t.rootKey)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(path).isEqualTo(404);
      }
    }
  }

  private static String verifications(String outcome, String service) {
    return "latchkey_verifications_total{outcome=\"" + outcome + "\",service=\"" + service + "\"}";
  }

  private static double requests(String method, String route, int status, Scrape s) {
    return s.valueOf(
        "latchkey_http_requests_total{method=\""
            + method
            + "\",route=\""
            + route
            + "\",status=\""
            + status
            + "\"}");
  }

  private HttpResponse<String> scrape(int port) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
