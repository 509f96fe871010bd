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
  void anExpiredKeyIsRevoked_forItCouldBeRenewed() {
    JsonNode key =
        t.post(
                "/v1/keys",
                "{\"service\":\""
                    + service("pay")
                    + "\",\"expires_at\":\""
                    + t.clock.instant().plusSeconds(60)
                    + "\"}")
            .json();
    String secret = key.get("key").asText();
    t.clock.advance(java.time.Duration.ofMinutes(2));
    assertThat(t.verify(secret).get("code").asText()).isEqualTo("EXPIRED");
    try (LatchkeyClient c = t.client()) {
      Finding f = c.leaks().revoke(List.of(digest(secret)), null).findings().get(0);
      assertThat(f.action()).isEqualTo("revoked");
    }
    TestServer.Response renew =
        t.call(
            "PATCH",
            "/v1/keys/" + key.get("data").get("id").asText(),
            "{\"expires_at\":null}",
            java.util.Map.of("Authorization", "Bearer " + t.rootKey));
    assertThat(renew.status()).as("a revoked key cannot be renewed").isEqualTo(409);
    assertThat(t.verify(secret).get("valid").asBoolean()).isFalse();
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
      assertThat(f.get(2).kind()).as("a confined caller sees no root keys").isEqualTo("unknown");
      assertThat(f.get(2).action()).isEqualTo("none");
    }
    String unconfined =
        t.post(
                "/v1/root-keys",
                "{\"name\":\"ops\",\"permissions\":[\"keys.read\",\"keys.revoke\"]}")
            .json()
            .get("key")
            .asText();
    try (LatchkeyClient c = t.client(unconfined)) {
      Finding root = c.leaks().revoke(List.of(digest(t.rootKey)), null).findings().get(0);
      assertThat(root.kind()).as("without root_keys.read").isEqualTo("unknown");
    }
    String rootReader =
        t.post(
                "/v1/root-keys",
                "{\"name\":\"ops2\",\"permissions\":[\"keys.revoke\",\"root_keys.read\"]}")
            .json()
            .get("key")
            .asText();
    try (LatchkeyClient c = t.client(rootReader)) {
      Finding root = c.leaks().revoke(List.of(digest(t.rootKey)), null).findings().get(0);
      assertThat(root.kind()).isEqualTo("root_key");
      assertThat(root.action()).isEqualTo("none");
      assertThat(root.note()).contains("root_keys.write");
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

  private static TestServer.Response report(
      TestServer server, String body, String keyId, String signature) {
    return server.call("POST", "/v1/leaks", body, GitHubReports.headers(keyId, signature));
  }

  @Test
  void githubReports_signed_revokeInAnyWorkspace_andLabelByDigest() throws Exception {
    t.close();
    GitHubReports github = new GitHubReports(dir);
    Path keys = github.keysFile;
    t =
        new TestServer(
            dir.resolve("data-github"),
            c -> c.withLeakReporters(dev.latchkey.server.api.LeakReporters.github(keys)));
    String secret = key(service("pay")).get("key").asText();
    String shaped = dev.latchkey.core.secret.KeyFormat.generate("pay").reveal();
    String body =
        "[{\"token\":\""
            + secret
            + "\",\"type\":\"latchkey_key\",\"url\":\"https://github.com/o/r/blob/main/.env\\u0000\","
            + "\"source\":\"content\",\"new_field\":1},"
            + "{\"token\":\""
            + shaped
            + "\",\"type\":\"latchkey_key\"},{\"token\":\"not-a-key\",\"type\":\"x\"}]";

    TestServer.Response forged = report(t, body.replace("main", "dev"), "k1", github.sign(body));
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.json().get("type").asText()).endsWith("invalid-signature");
    assertThat(report(t, body, null, null).status()).isEqualTo(401);
    assertThat(report(t, body, "k2", github.sign(body)).status()).isEqualTo(401);
    assertThat(report(t, body, "k1", "bm90IGEgc2lnbmF0dXJl").status()).isEqualTo(401);
    assertThat(t.verify(secret).get("code").asText()).isEqualTo("VALID");

    TestServer.Response r = report(t, body, "k1", github.sign(body));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).doesNotContain(secret).doesNotContain(shaped).doesNotContain("not-a-key");
    assertThat(r.json().get(0).get("token_hash").asText()).isEqualTo(digest(secret));
    assertThat(r.json().get(0).get("label").asText()).isEqualTo("true_positive");
    assertThat(r.json().get(1).get("label").asText()).isEqualTo("false_positive");
    assertThat(r.json().get(2).get("label").asText()).isEqualTo("false_positive");
    assertThat(t.verify(secret).get("code").asText()).isEqualTo("REVOKED");
    String audit = t.get("/v1/audit-events").body();
    assertThat(audit)
        .contains("leaked: found in github at https://github.com/o/r/blob/main/.env")
        .contains("\"type\":\"system\"")
        .doesNotContain(secret);

    String bad = "{\"not\":\"an array\"}";
    assertThat(report(t, bad, "k1", github.sign(bad)).status()).isEqualTo(400);
    String many = "[" + String.join(",", Collections.nCopies(501, "{\"token\":\"x\"}")) + "]";
    assertThat(report(t, many, "k1", github.sign(many)).status()).isEqualTo(400);
  }

  @Test
  void githubReports_withoutKeysConfigured_are503() {
    TestServer.Response r = report(t, "[]", "k1", "c2ln");
    assertThat(r.status()).isEqualTo(503);
  }
}
