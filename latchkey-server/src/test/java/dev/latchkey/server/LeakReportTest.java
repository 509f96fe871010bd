package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.api.LeakFindings;
import dev.latchkey.api.LeakFindings.Finding;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.LeaksApi;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/leaks:check} and {@code /v1/leaks:revoke}: leaked secrets named by their digests. */
class LeakReportTest {
  @TempDir Path dir;
  private TestServer t;

  @BeforeEach
  void start() {
    t = new TestServer(dir.resolve("data"));
  }

  @org.junit.jupiter.api.AfterEach
  void stop() {
    t.close();
  }

  private static String digest(String secret) {
    return LeaksApi.digestOf(secret);
  }

  private String service(String name) {
    return t.post("/v1/services", "{\"name\":\"" + name + "\",\"prefix\":\"" + name + "\"}")
        .json()
        .get("id")
        .asText();
  }

  private JsonNode key(String service) {
    return t.post("/v1/keys", "{\"service\":\"" + service + "\"}").json();
  }

  @Test
  void checkTellsWhatEachDigestOpens_andChangesNothing() {
    JsonNode key = key(service("pay"));
    String secret = key.get("key").asText();
    String unknown = "ab".repeat(32);
    try (LatchkeyClient c = t.client()) {
      List<Finding> f =
          c.leaks().check(List.of(digest(secret), unknown, digest(t.rootKey))).findings();
      assertThat(f).hasSize(3);
      assertThat(f.get(0).kind()).isEqualTo("key");
      assertThat(f.get(0).id()).isEqualTo(key.get("data").get("id").asText());
      assertThat(f.get(0).state()).isEqualTo("ACTIVE");
      assertThat(f.get(0).live()).isTrue();
      assertThat(f.get(0).action()).isEqualTo("none");
      assertThat(f.get(1).kind()).isEqualTo("unknown");
      assertThat(f.get(1).live()).isFalse();
      assertThat(f.get(2).kind()).isEqualTo("root_key");
    }
    assertThat(t.verify(secret).get("code").asText()).isEqualTo("VALID");
  }

  @Test
  void revokeTakesLiveKeysOutOfUse_auditedWithTheSource_neverTheSecret() {
    String secret = key(service("pay")).get("key").asText();
    LeakFindings answer;
    try (LatchkeyClient c = t.client()) {
      answer = c.leaks().revoke(List.of(digest(secret), digest(secret)), "repo/.env");
    }
    assertThat(answer.findings()).hasSize(1);
    assertThat(answer.findings().get(0).action()).isEqualTo("revoked");
    assertThat(answer.findings().get(0).state()).isEqualTo("REVOKED");
    assertThat(t.verify(secret).get("code").asText()).isEqualTo("REVOKED");
    String audit = t.get("/v1/audit-events").body();
    assertThat(audit).contains("key.revoked").contains("leaked: found in repo/.env");
    assertThat(audit).doesNotContain(secret).doesNotContain(secret.substring(4));
    // Again: nothing left to do
    try (LatchkeyClient c = t.client()) {
      Finding again = c.leaks().revoke(List.of(digest(secret)), null).findings().get(0);
      assertThat(again.action()).isEqualTo("none");
      assertThat(again.live()).isFalse();
    }
  }

  @Test
  void aRotatedOutSecretInItsGraceStopsAlone_theCurrentOneKeepsWorking() {
    JsonNode key = key(service("pay"));
    String old = key.get("key").asText();
    String id = key.get("data").get("id").asText();
    String current =
        t.post("/v1/keys/" + id + ":rotate", "{\"grace_period\":\"PT1H\"}")
            .json()
            .get("key")
            .asText();
    assertThat(t.verify(old).get("code").asText()).isEqualTo("VALID");
    try (LatchkeyClient c = t.client()) {
      Finding f = c.leaks().revoke(List.of(digest(old)), "chat").findings().get(0);
      assertThat(f.action()).isEqualTo("grace_ended");
      assertThat(f.state()).isEqualTo("RETIRED");
      assertThat(f.live()).isFalse();
    }
    assertThat(t.verify(old).get("valid").asBoolean()).isFalse();
    assertThat(t.verify(current).get("code").asText()).isEqualTo("VALID");
  }

  @Test
  void scopeAndPermissions_areThoseOfTheCaller() {
    String pay = service("pay");
    String other = service("other");
    String payKey = key(pay).get("key").asText();
    String otherKey = key(other).get("key").asText();
    String scoped =
        t.post(
                "/v1/root-keys",
                "{\"name\":\"pay-ops\",\"permissions\":[\"keys.read\",\"keys.revoke\"],"
                    + "\"services\":[\""
                    + pay
                    + "\"]}")
            .json()
            .get("key")
            .asText();
    try (LatchkeyClient c = t.client(scoped)) {
      List<Finding> f =
          c.leaks()
              .revoke(List.of(digest(payKey), digest(otherKey), digest(t.rootKey)), null)
              .findings();
      assertThat(f.get(0).action()).isEqualTo("revoked");
      assertThat(f.get(1).kind()).as("outside its scope").isEqualTo("unknown");
      assertThat(f.get(1).action()).isEqualTo("none");
      assertThat(f.get(2).kind()).isEqualTo("root_key");
      assertThat(f.get(2).action()).isEqualTo("none");
      assertThat(f.get(2).note()).contains("root_keys.write");
    }
    assertThat(t.verify(otherKey).get("code").asText()).isEqualTo("VALID");
    assertThat(t.get("/v1/services").status()).isEqualTo(200); // the bootstrap key still works
    String readOnly =
        t.post("/v1/root-keys", "{\"name\":\"ro\",\"permissions\":[\"keys.read\"]}")
            .json()
            .get("key")
            .asText();
    TestServer.Response denied =
        t.call(
            "POST",
            "/v1/leaks:revoke",
            "{\"digests\":[\"" + digest(otherKey) + "\"]}",
            java.util.Map.of("Authorization", "Bearer " + readOnly));
    assertThat(denied.status()).isEqualTo(403);
    assertThat(t.verify(otherKey).get("code").asText()).isEqualTo("VALID");
  }

  @Test
  void theLastRootKeyHoldingEverythingIsNotRevoked_andSaysWhy() {
    try (LatchkeyClient c = t.client()) {
      Finding f = c.leaks().revoke(List.of(digest(t.rootKey)), "paste").findings().get(0);
      assertThat(f.action()).isEqualTo("none");
      assertThat(f.note()).contains("last live root key");
    }
    assertThat(t.get("/v1/services").status()).isEqualTo(200);
  }

  @Test
  void badReportsAreProblems() {
    String many = String.join(",", Collections.nCopies(501, "\"" + "ab".repeat(32) + "\""));
    for (String body :
        List.of(
            "{}",
            "{\"digests\":[]}",
            "{\"digests\":[\"xyz\"]}",
            "{\"digests\":[\"" + "zz".repeat(32) + "\"]}",
            "{\"digests\":[" + many + "]}",
            "{\"digests\":[\"" + "ab".repeat(32) + "\"],\"source\":\"" + "s".repeat(600) + "\"}")) {
      for (String path : List.of("/v1/leaks:check", "/v1/leaks:revoke")) {
        TestServer.Response r = t.post(path, body);
        assertThat(r.status())
            .as(path + " " + body.substring(0, Math.min(60, body.length())))
            .isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      }
    }
  }
}
