package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyLifecycleTest {
  @TempDir Path dir;
  TestServer t;
  String serviceId;
  String consumerId;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    serviceId =
        t.post("/v1/services", "{\"name\":\"payments\",\"prefix\":\"pay\"}")
            .json()
            .get("id")
            .asText();
    consumerId =
        t.post(
                "/v1/consumers",
                "{\"name\":\"orders\",\"external_id\":\"orders-svc\",\"meta\":{\"team\":\"core\"}}")
            .json()
            .get("id")
            .asText();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private JsonNode createKey(String extra) {
    TestServer.Response r =
        t.post(
            "/v1/keys",
            "{\"service\":\"" + serviceId + "\",\"consumer\":\"" + consumerId + "\"" + extra + "}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  @Test
  void createdKey_isShownOnce_andVerifiesWithItsIdentity() {
    JsonNode created = createKey(",\"name\":\"orders → payments\",\"meta\":{\"env\":\"prod\"}");
    String key = created.get("key").asText();
    String id = created.get("data").get("id").asText();
    assertThat(key).startsWith("pay_").hasSize(4 + 38);
    assertThat(created.get("data").get("start").asText()).isEqualTo(key.substring(0, 8));
    assertThat(created.get("data").get("state").asText()).isEqualTo("ACTIVE");

    JsonNode verdict = t.verify(key);
    assertThat(verdict.get("valid").asBoolean()).isTrue();
    assertThat(verdict.get("code").asText()).isEqualTo("VALID");
    assertThat(verdict.get("key_id").asText()).isEqualTo(id);
    assertThat(verdict.get("service").asText()).isEqualTo(serviceId);
    assertThat(verdict.get("consumer").asText()).isEqualTo(consumerId);
    assertThat(verdict.get("meta").get("env").asText()).isEqualTo("prod");
    assertThat(verdict.has("previous_secret_used")).isFalse();

    TestServer.Response get = t.get("/v1/keys/" + id);
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.body()).doesNotContain(key);
    assertThat(t.get("/v1/keys").body()).doesNotContain(key);
  }

  @Test
  void serviceCheck_byIdAndByName() {
    String key = createKey("").get("key").asText();
    assertThat(
            t.post("/v1/keys:verify", "{\"key\":\"" + key + "\",\"service\":\"payments\"}")
                .json()
                .get("code")
                .asText())
        .isEqualTo("VALID");
    assertThat(
            t.post("/v1/keys:verify", "{\"key\":\"" + key + "\",\"service\":\"" + serviceId + "\"}")
                .json()
                .get("code")
                .asText())
        .isEqualTo("VALID");
    String other = t.post("/v1/services", "{\"name\":\"search\"}").json().get("id").asText();
    assertThat(
            t.post("/v1/keys:verify", "{\"key\":\"" + key + "\",\"service\":\"search\"}")
                .json()
                .get("code")
                .asText())
        .isEqualTo("WRONG_SERVICE");
    assertThat(
            t.post("/v1/keys:verify", "{\"key\":\"" + key + "\",\"service\":\"" + other + "\"}")
                .json()
                .get("code")
                .asText())
        .isEqualTo("WRONG_SERVICE");
    assertThat(
            t.post("/v1/keys:verify", "{\"key\":\"" + key + "\",\"service\":\"nope\"}")
                .json()
                .get("valid")
                .asBoolean())
        .isFalse();
  }

  @Test
  void rotatedKey_oldSecretValidUntilGraceEnds_andItsUseIsRecorded() {
    JsonNode created = createKey("");
    String oldKey = created.get("key").asText();
    String id = created.get("data").get("id").asText();

    TestServer.Response rotated =
        t.post("/v1/keys/" + id + ":rotate", "{\"grace_period\":\"PT1H\"}");
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    String newKey = rotated.json().get("key").asText();
    assertThat(newKey).isNotEqualTo(oldKey).startsWith("pay_");
    assertThat(rotated.json().get("data").get("id").asText()).isEqualTo(id);
    assertThat(rotated.json().get("data").get("rotation").get("previous_start").asText())
        .isEqualTo(oldKey.substring(0, 8));

    JsonNode viaNew = t.verify(newKey);
    assertThat(viaNew.get("code").asText()).isEqualTo("VALID");
    assertThat(viaNew.has("previous_secret_used")).isFalse();
    JsonNode viaOld = t.verify(oldKey);
    assertThat(viaOld.get("code").asText()).isEqualTo("VALID");
    assertThat(viaOld.get("previous_secret_used").asBoolean()).isTrue();
    assertThat(viaOld.get("key_id").asText()).isEqualTo(id);

    t.restart(); // a graceful stop flushes the "previous secret last seen" record
    JsonNode key = t.get("/v1/keys/" + id).json();
    assertThat(key.get("rotation").get("previous_secret_last_used_at").asText()).isNotEmpty();

    t.clock.advance(Duration.ofMinutes(59));
    assertThat(t.verify(oldKey).get("code").asText()).isEqualTo("VALID");
    t.clock.advance(Duration.ofMinutes(1));
    assertThat(t.verify(oldKey).get("code").asText()).isEqualTo("EXPIRED");
    assertThat(t.verify(newKey).get("code").asText()).isEqualTo("VALID");
  }

  @Test
  void rotatingTwice_killsTheOldestSecret_soAtMostTwoVerify() {
    JsonNode created = createKey("");
    String first = created.get("key").asText();
    String id = created.get("data").get("id").asText();
    String second = t.post("/v1/keys/" + id + ":rotate", null).json().get("key").asText();
    String third = t.post("/v1/keys/" + id + ":rotate", "{}").json().get("key").asText();
    assertThat(t.verify(first).get("code").asText()).isEqualTo("EXPIRED");
    assertThat(t.verify(second).get("code").asText()).isEqualTo("VALID");
    assertThat(t.verify(third).get("code").asText()).isEqualTo("VALID");
  }

  @Test
  void zeroGrace_endsTheOldSecretAtOnce() {
    JsonNode created = createKey("");
    String id = created.get("data").get("id").asText();
    t.post("/v1/keys/" + id + ":rotate", "{\"grace_period\":\"PT0S\"}");
    assertThat(t.verify(created.get("key").asText()).get("code").asText()).isEqualTo("EXPIRED");
  }

  @Test
  void revokedKey_failsAtOnce_withEverySecret_andCannotBeRotatedOrChanged() {
    JsonNode created = createKey("");
    String oldKey = created.get("key").asText();
    String id = created.get("data").get("id").asText();
    assertThat(t.verify(oldKey).get("code").asText()).isEqualTo("VALID"); // now cached
    String newKey = t.post("/v1/keys/" + id + ":rotate", null).json().get("key").asText();
    assertThat(t.verify(newKey).get("code").asText()).isEqualTo("VALID");

    TestServer.Response revoked =
        t.post("/v1/keys/" + id + ":revoke", "{\"reason\":\"leaked in a log\"}");
    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.json().get("state").asText()).isEqualTo("REVOKED");
    assertThat(revoked.json().get("revoke_reason").asText()).isEqualTo("leaked in a log");
    assertThat(t.verify(oldKey).get("code").asText()).isEqualTo("REVOKED");
    assertThat(t.verify(newKey).get("code").asText()).isEqualTo("REVOKED");
    assertThat(t.post("/v1/keys/" + id + ":rotate", null).status()).isEqualTo(409);
    assertThat(t.call("PATCH", "/v1/keys/" + id, "{\"enabled\":true}").status()).isEqualTo(409);
    assertThat(t.post("/v1/keys/" + id + ":revoke", null).status()).isEqualTo(200);
  }

  @Test
  void disabledKey_isDisabled_untilEnabledAgain() {
    JsonNode created = createKey(",\"enabled\":false");
    String key = created.get("key").asText();
    String id = created.get("data").get("id").asText();
    assertThat(t.verify(key).get("code").asText()).isEqualTo("DISABLED");
    assertThat(t.call("PATCH", "/v1/keys/" + id, "{\"enabled\":true}").json().get("state").asText())
        .isEqualTo("ACTIVE");
    assertThat(t.verify(key).get("code").asText()).isEqualTo("VALID");
    t.call("PATCH", "/v1/keys/" + id, "{\"enabled\":false}");
    assertThat(t.verify(key).get("code").asText()).isEqualTo("DISABLED");
  }

  @Test
  void expiringKey_expiresByTheClock_andExpiryCanBeCleared() {
    String at = t.clock.instant().plus(Duration.ofHours(1)).toString();
    JsonNode created = createKey(",\"expires_at\":\"" + at + "\"");
    String key = created.get("key").asText();
    String id = created.get("data").get("id").asText();
    assertThat(t.verify(key).get("code").asText()).isEqualTo("VALID");
    t.clock.advance(Duration.ofHours(1));
    assertThat(t.verify(key).get("code").asText()).isEqualTo("EXPIRED");
    assertThat(t.get("/v1/keys/" + id).json().get("state").asText()).isEqualTo("EXPIRED");
    JsonNode renamed = t.call("PATCH", "/v1/keys/" + id, "{\"name\":\"renamed\"}").json();
    assertThat(renamed.get("expires_at").asText())
        .as("an absent field is left unchanged")
        .isEqualTo(at);
    assertThat(t.verify(key).get("code").asText()).isEqualTo("EXPIRED");
    JsonNode cleared = t.call("PATCH", "/v1/keys/" + id, "{\"expires_at\":null}").json();
    assertThat(cleared.has("expires_at")).isFalse();
    assertThat(t.verify(key).get("code").asText()).isEqualTo("VALID");
  }

  @Test
  void unknownAndMalformedKeys_areToldApart() {
    String key = createKey("").get("key").asText();
    assertThat(t.verify("pay_nope").get("code").asText()).isEqualTo("MALFORMED");
    char last = key.charAt(key.length() - 1);
    String typo = key.substring(0, key.length() - 1) + (last == 'a' ? 'b' : 'a');
    assertThat(t.verify(typo).get("code").asText()).isEqualTo("MALFORMED");
    String unknown = dev.latchkey.core.secret.KeyFormat.generate("pay").reveal();
    JsonNode verdict = t.verify(unknown);
    assertThat(verdict.get("code").asText()).isEqualTo("NOT_FOUND");
    assertThat(verdict.get("valid").asBoolean()).isFalse();
    assertThat(verdict.has("key_id")).isFalse();
    assertThat(t.verify(t.rootKey).get("code").asText()).isEqualTo("NOT_FOUND");
  }

  @Test
  void keyList_filtersByServiceConsumerAndState_andPagesWithoutGapsOrRepeats() {
    for (int i = 0; i < 7; i++) {
      createKey(",\"name\":\"k" + i + "\"");
    }
    String otherService = t.post("/v1/services", "{\"name\":\"other\"}").json().get("id").asText();
    t.post("/v1/keys", "{\"service\":\"" + otherService + "\",\"enabled\":false}");
    java.util.List<String> seen = new java.util.ArrayList<>();
    String token = null;
    do {
      String q =
          "/v1/keys?page_size=3&service="
              + serviceId
              + (token == null ? "" : "&page_token=" + token);
      JsonNode page = t.get(q).json();
      page.get("items").forEach(k -> seen.add(k.get("name").asText()));
      token = page.has("next_page_token") ? page.get("next_page_token").asText() : null;
    } while (token != null);
    assertThat(seen).containsExactly("k6", "k5", "k4", "k3", "k2", "k1", "k0");
    assertThat(t.get("/v1/keys?state=disabled").json().get("items")).hasSize(1);
    assertThat(t.get("/v1/keys?consumer=" + consumerId).json().get("items")).hasSize(7);
    assertThat(t.get("/v1/keys?state=ACTIVE&service=" + otherService).json().get("items"))
        .isEmpty();
  }

  @Test
  void idempotentCreate_replaysTheFirstResponse_andRefusesAnotherBodyUnderTheSameKey() {
    String body = "{\"service\":\"" + serviceId + "\",\"name\":\"once\"}";
    java.util.Map<String, String> h =
        java.util.Map.of(
            "Authorization", "Bearer " + t.rootKey, "Idempotency-Key", "create-once-1");
    TestServer.Response first = t.call("POST", "/v1/keys", body, h);
    TestServer.Response retry = t.call("POST", "/v1/keys", body, h);
    assertThat(first.status()).isEqualTo(201);
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(t.get("/v1/keys?service=" + serviceId).json().get("items")).hasSize(1);

    TestServer.Response other =
        t.call("POST", "/v1/keys", "{\"service\":\"" + serviceId + "\",\"name\":\"twice\"}", h);
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.json().get("type").asText())
        .isEqualTo("urn:latchkey:problem:idempotency-key-reused");
    assertThat(t.get("/v1/keys?service=" + serviceId).json().get("items")).hasSize(1);
  }

  @Test
  void everyMutation_isAudited_newestFirst_withActorAndRequest() {
    JsonNode created = createKey("");
    String id = created.get("data").get("id").asText();
    TestServer.Response revoke = t.post("/v1/keys/" + id + ":revoke", "{\"reason\":\"test\"}");
    JsonNode events = t.get("/v1/audit-events?page_size=3").json().get("items");
    assertThat(events.get(0).get("action").asText()).isEqualTo("key.revoked");
    assertThat(events.get(0).get("target").get("id").asText()).isEqualTo(id);
    assertThat(events.get(0).get("actor").get("type").asText()).isEqualTo("root_key");
    assertThat(events.get(0).get("request_id").asText()).isEqualTo(revoke.header("X-Request-Id"));
    assertThat(events.get(0).get("source_address").asText()).isEqualTo("127.0.0.1");
    assertThat(events.get(1).get("action").asText()).isEqualTo("key.created");
    assertThat(events.get(2).get("action").asText()).isEqualTo("consumer.created");
  }
}
