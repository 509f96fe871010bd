package dev.latchkey.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on real PostgreSQL count verifications of one key in the same minutes, each flushing on
 * its own one-second schedule: the rows add up to every verification, none overwritten, and either
 * node answers the same series.
 */
class UsageAcrossNodesTest {
  static final int CLIENTS = 8;
  static final int EACH = 50;

  @TempDir Path dirs;

  @Test
  void twoNodesCountingOneKey_addUpInTheStore() {
    try (Cluster cluster = Cluster.create(dirs)) {
      Node a = cluster.start("a");
      Node b = cluster.start("b");
      String service = a.newService("counted");
      Node.IssuedKey key = a.newKey(service, "");
      UsageLimitsAcrossNodesTest.run(
          CLIENTS,
          i -> {
            Node node = i % 2 == 0 ? a : b;
            for (int n = 0; n < EACH; n++) {
              assertThat(node.verdict(key.secret())).isEqualTo("VALID");
            }
          });
      long expected = (long) CLIENTS * EACH;

      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(total(a, "/v1/keys/" + key.id() + "/usage?granularity=minute"))
                      .isEqualTo(expected));
      assertThat(total(b, "/v1/services/" + service + "/usage?granularity=minute"))
          .isEqualTo(expected);
      JsonNode shown = b.get("/v1/keys/" + key.id()).json();
      assertThat(shown.has("last_used_at")).isTrue();
      assertThat(shown.get("last_client_address").asText()).isEqualTo("127.0.0.1");
    }
  }

  private static long total(Node node, String path) {
    var r = node.get(path);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("total").asLong();
  }
}
