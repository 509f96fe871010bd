package dev.latchkey.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.client.Verifier;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's verifier following one node of a two-node cluster on PostgreSQL: a revocation made on
 * the other node while its node was down reaches it when its node is back, through {@code
 * Last-Event-ID}, and the verdicts of other keys stay in memory (the resumed stream drops nothing
 * else).
 */
class SdkVerifierAcrossNodesTest {
  @TempDir Path dirs;

  @Test
  void aRevocationMadeWhileTheVerifiersNodeWasDownReachesItWhenTheNodeIsBack() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // node A comes back where the verifier looks
    }
    try (Cluster cluster = Cluster.create(dirs)) {
      Node a =
          cluster.start(
              "a",
              cluster
                  .config("a")
                  .withPort(port)
                  .withHeartbeat(Duration.ofMillis(200))
                  .withBootstrapRootKey(cluster.rootKey));
      Node b = cluster.start("b");
      String svc = a.post("/v1/services", "{\"name\":\"orders\"}").json().get("id").asText();
      JsonNode revoked = a.post("/v1/keys", "{\"service\":\"" + svc + "\"}").json();
      JsonNode kept = a.post("/v1/keys", "{\"service\":\"" + svc + "\"}").json();
      String revokedKey = revoked.get("key").asText();
      String keptKey = kept.get("key").asText();

      try (Verifier verifier =
          Verifier.builder()
              .baseUri(a.uri())
              .rootKey(cluster.rootKey)
              .maxStaleness(Duration.ofMinutes(1))
              .build()) {
        await().atMost(Duration.ofSeconds(10)).until(() -> verifier.status().following());
        assertThat(verifier.verify(revokedKey).code()).isEqualTo(VerifyCode.VALID);
        assertThat(verifier.verify(keptKey).code()).isEqualTo(VerifyCode.VALID);

        a.server.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !verifier.status().following());
        String id = revoked.get("data").get("id").asText();
        assertThat(b.post("/v1/keys/" + id + ":revoke", "{}").status()).isEqualTo(200);
        // A is down: the verdict in memory stands, within the staleness bound.
        assertThat(verifier.verify(revokedKey).code()).isEqualTo(VerifyCode.VALID);

        cluster.start(
            "a",
            cluster
                .config("a")
                .withPort(port)
                .withHeartbeat(Duration.ofMillis(200))
                .withBootstrapRootKey(cluster.rootKey));
        await()
            .atMost(Duration.ofSeconds(15))
            .until(() -> verifier.verify(revokedKey).code() == VerifyCode.REVOKED);
        long misses = verifier.status().misses();
        assertThat(verifier.verify(keptKey).code()).isEqualTo(VerifyCode.VALID);
        assertThat(verifier.status().misses())
            .as("the other key's verdict was still in memory")
            .isEqualTo(misses);
      }
    }
  }
}
