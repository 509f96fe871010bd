package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.api.CreateConsumer;
import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateRole;
import dev.latchkey.api.CreateRootKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.CreditChange;
import dev.latchkey.api.Credits;
import dev.latchkey.api.KeyState;
import dev.latchkey.api.RateLimit;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.RotateKey;
import dev.latchkey.api.UpdateConsumer;
import dev.latchkey.api.UpdateKey;
import dev.latchkey.api.UpdateRole;
import dev.latchkey.api.UpdateService;
import dev.latchkey.client.testing.FakeServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What goes on the wire: method, path, query, headers and snake_case JSON bodies. */
class RequestShapeTest {
  static final String SERVICE =
      """
      {"id":"svc_1","name":"payments","prefix":"pay","created_at":"2026-01-02T03:04:05Z",
       "updated_at":"2026-01-02T03:04:05Z"}""";
  static final String KEY =
      """
      {"id":"key_1","service":"svc_1","consumer":"con_1","name":"ci","start":"pay_AbCd",
       "enabled":true,"state":"ACTIVE","created_at":"2026-01-02T03:04:05Z",
       "updated_at":"2026-01-02T03:04:05Z"}""";
  static final String ROOT_KEY =
      """
      {"id":"rk_1","name":"ops","start":"lk_root_AbCd","permissions":["keys.read"],
       "created_at":"2026-01-02T03:04:05Z"}""";

  static final String ROLE =
      """
      {"id":"role_1","name":"order-reader","permissions":["orders:read"],
       "condition":"request.method == 'GET'","created_at":"2026-01-02T03:04:05Z",
       "updated_at":"2026-01-02T03:04:05Z"}""";

  private final String rootKey = TestSecrets.rootKey();
  private FakeServer server;
  private LatchkeyClient client;

  @BeforeEach
  void start() throws Exception {
    server = FakeServer.start();
    client = LatchkeyClient.builder().baseUri(server.uri()).rootKey(rootKey).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void everyCall_carriesTheRootKeyAsBearerAndAcceptsJson() {
    server.json(200, SERVICE);
    client.services().get("svc_1");
    assertThat(server.last().header("Authorization")).isEqualTo("Bearer " + rootKey);
    assertThat(server.last().header("Accept")).contains("application/json");
    assertThat(server.last().header("Content-Type")).isNull();
  }

  @Test
  void createService_postsSnakeCaseJsonWithoutIdempotencyKeyByDefault() {
    server.json(201, SERVICE);
    client.services().create(new CreateService("payments", "pay"));
    var request = server.last();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.target()).isEqualTo("/v1/services");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("Idempotency-Key")).isNull();
    assertThat(request.body()).isEqualTo("{\"name\":\"payments\",\"prefix\":\"pay\"}");
  }

  @Test
  void createWithIdempotencyKey_sendsTheHeader() {
    server.json(201, SERVICE).json(201, "{\"id\":\"con_1\",\"name\":\"shop\"}");
    client.services().create(new CreateService("payments", null), "retry-42");
    assertThat(server.last().header("Idempotency-Key")).isEqualTo("retry-42");
    assertThat(server.last().body()).isEqualTo("{\"name\":\"payments\"}");
    client.consumers().create(new CreateConsumer("shop", "ext-1", null, null, null), "c-1");
    assertThat(server.last().header("Idempotency-Key")).isEqualTo("c-1");
    assertThat(server.last().body()).isEqualTo("{\"name\":\"shop\",\"external_id\":\"ext-1\"}");
  }

  @Test
  void idempotencyKey_outsidePrintableAsciiIsRejectedBeforeSending() {
    assertThatThrownBy(() -> client.services().create(new CreateService("a", null), "bad\nkey"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> client.services().create(new CreateService("a", null), "x".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void createKey_writesExpiryAsRfc3339AndMetaAsObject() {
    server.json(201, "{\"key\":\"" + TestSecrets.serviceKey() + "\",\"data\":" + KEY + "}");
    client
        .keys()
        .create(
            new CreateKey(
                "svc_1",
                "con_1",
                "ci",
                Map.of("tier", "gold"),
                Instant.parse("2027-01-01T00:00:00Z"),
                false,
                null,
                null,
                null,
                null,
                null),
            "k-1");
    var request = server.last();
    assertThat(request.target()).isEqualTo("/v1/keys");
    assertThat(request.header("Idempotency-Key")).isEqualTo("k-1");
    assertThat(request.body())
        .isEqualTo(
            "{\"service\":\"svc_1\",\"consumer\":\"con_1\",\"name\":\"ci\",\"meta\":{\"tier\":\"gold\"},"
                + "\"expires_at\":\"2027-01-01T00:00:00Z\",\"enabled\":false}");
  }

  @Test
  void list_sendsPageSizeAndEncodedToken_andLeavesOutAbsentFilters() {
    server.json(200, "{\"items\":[]}").json(200, "{\"items\":[]}");
    client.services().list(5, "a b/c+=");
    assertThat(server.last().method()).isEqualTo("GET");
    assertThat(server.last().target())
        .isEqualTo("/v1/services?page_size=5&page_token=a+b%2Fc%2B%3D");
    client.keys().list(KeyFilter.any().service("svc_1").state(KeyState.REVOKED), 20, null);
    assertThat(server.last().target())
        .isEqualTo("/v1/keys?service=svc_1&state=REVOKED&page_size=20");
  }

  @Test
  void list_sendsExpiringWithinAsAnIsoDuration() {
    server.json(200, "{\"items\":[]}");
    client.keys().list(KeyFilter.any().expiringWithin(java.time.Duration.ofDays(7)), 10, null);
    assertThat(server.last().target()).isEqualTo("/v1/keys?expiring_within=PT168H&page_size=10");
  }

  @Test
  void expiringWithin_outsideWhatTheServerAccepts_isRefusedBeforeSending() {
    assertThatThrownBy(() -> KeyFilter.any().expiringWithin(java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyFilter.any().expiringWithin(java.time.Duration.ofDays(367)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pathIds_arePercentEncodedSoTheyCannotEscapeTheirSegment() {
    server.json(200, SERVICE);
    client.services().get("../admin?x=1");
    assertThat(server.last().target()).isEqualTo("/v1/services/..%2Fadmin%3Fx%3D1");
  }

  @Test
  void baseUriPathPrefix_isKept() throws Exception {
    server.json(200, SERVICE);
    try (var prefixed =
        LatchkeyClient.builder()
            .baseUri(server.uri().resolve("/latchkey/"))
            .rootKey(rootKey)
            .build()) {
      prefixed.services().get("svc_1");
    }
    assertThat(server.last().target()).isEqualTo("/latchkey/v1/services/svc_1");
  }

  @Test
  void updateService_sendsOnlyTheFieldsSet() {
    server.json(200, SERVICE);
    client.services().update("svc_1", new UpdateService(null, "pay2"));
    assertThat(server.last().method()).isEqualTo("PATCH");
    assertThat(server.last().target()).isEqualTo("/v1/services/svc_1");
    assertThat(server.last().body()).isEqualTo("{\"prefix\":\"pay2\"}");
  }

  @Test
  void updateKey_absentComponentIsLeftOut_emptyOptionalIsExplicitNull() {
    server.json(200, KEY).json(200, KEY).json(200, KEY);
    client
        .keys()
        .update("key_1", new UpdateKey("renamed", null, null, null, null, null, null, null, null));
    assertThat(server.last().body()).isEqualTo("{\"name\":\"renamed\"}");
    client
        .keys()
        .update(
            "key_1",
            new UpdateKey(null, null, Optional.empty(), false, null, null, null, null, null));
    assertThat(server.last().body()).isEqualTo("{\"expires_at\":null,\"enabled\":false}");
    client
        .keys()
        .update(
            "key_1",
            new UpdateKey(
                null,
                null,
                Optional.of(Instant.parse("2027-01-01T00:00:00Z")),
                null,
                null,
                null,
                null,
                null,
                null));
    assertThat(server.last().body()).isEqualTo("{\"expires_at\":\"2027-01-01T00:00:00Z\"}");
  }

  @Test
  void updateConsumer_clearsExternalIdWithExplicitNull() {
    server.json(200, "{\"id\":\"con_1\",\"name\":\"shop\"}");
    client
        .consumers()
        .update("con_1", new UpdateConsumer(null, Optional.empty(), null, null, null));
    assertThat(server.last().method()).isEqualTo("PATCH");
    assertThat(server.last().target()).isEqualTo("/v1/consumers/con_1");
    assertThat(server.last().body()).isEqualTo("{\"external_id\":null}");
  }

  @Test
  void limitsAndCredits_goOutInSnakeCase_andEmptyCreditsRemoveTheBalance() {
    server.json(201, "{\"id\":\"con_1\",\"name\":\"acme\"}").json(200, KEY);
    client
        .consumers()
        .create(
            new CreateConsumer(
                "acme",
                null,
                null,
                List.of(RateLimit.of("requests", 100, "PT1S")),
                new Credits(5000L, Credits.Refill.monthly(5000, 1))));
    assertThat(server.last().body())
        .isEqualTo(
            "{\"name\":\"acme\",\"limits\":[{\"name\":\"requests\",\"limit\":100,"
                + "\"period\":\"PT1S\"}],\"credits\":{\"remaining\":5000,"
                + "\"refill\":{\"amount\":5000,\"day_of_month\":1}}}");
    client
        .keys()
        .update(
            "key_1",
            new UpdateKey(null, null, null, null, null, null, null, List.of(), Optional.empty()));
    assertThat(server.last().body()).isEqualTo("{\"limits\":[],\"credits\":null}");
  }

  @Test
  void creditsVerbs_postSetOrAdd_andReadTheCredits() {
    server
        .json(200, "{\"remaining\":7}")
        .json(200, "{\"remaining\":3,\"refill\":" + "{\"amount\":10,\"interval\":\"P1D\"}}");

    Credits key = client.keys().credits("key_1", CreditChange.set(7));
    assertThat(server.last().method()).isEqualTo("POST");
    assertThat(server.last().target()).isEqualTo("/v1/keys/key_1:credits");
    assertThat(server.last().body()).isEqualTo("{\"set\":7}");
    Credits consumer = client.consumers().credits("con_1", CreditChange.add(-2));
    assertThat(server.last().target()).isEqualTo("/v1/consumers/con_1:credits");
    assertThat(server.last().body()).isEqualTo("{\"add\":-2}");

    assertThat(key).isEqualTo(Credits.of(7));
    assertThat(consumer).isEqualTo(new Credits(3L, Credits.Refill.every(10, "P1D")));
  }

  @Test
  void creditsVerbs_withIdempotencyKey_sendTheHeader() {
    server.json(200, "{\"remaining\":7}").json(200, "{\"remaining\":7}");

    client.keys().credits("key_1", CreditChange.add(5), "add-1");
    assertThat(server.last().header("Idempotency-Key")).isEqualTo("add-1");
    assertThat(server.last().body()).isEqualTo("{\"add\":5}");
    client.consumers().credits("con_1", CreditChange.add(5), "add-2");
    assertThat(server.last().header("Idempotency-Key")).isEqualTo("add-2");
    assertThatThrownBy(() -> client.keys().credits("key_1", CreditChange.add(5), "bad key\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rotateAndRevoke_useCustomVerbsOnTheKey() {
    server.json(200, "{\"key\":\"" + TestSecrets.serviceKey() + "\",\"data\":" + KEY + "}");
    server.json(200, KEY);
    client.keys().rotate("key_1", new RotateKey("PT1H"));
    assertThat(server.last().method()).isEqualTo("POST");
    assertThat(server.last().target()).isEqualTo("/v1/keys/key_1:rotate");
    assertThat(server.last().body()).isEqualTo("{\"grace_period\":\"PT1H\"}");
    client.keys().revoke("key_1", new RevokeKey(null));
    assertThat(server.last().target()).isEqualTo("/v1/keys/key_1:revoke");
    assertThat(server.last().body()).isEqualTo("{}");
  }

  @Test
  void verify_postsTheKeyAndService() {
    String key = TestSecrets.serviceKey();
    server.json(200, "{\"valid\":true,\"code\":\"VALID\",\"key_id\":\"key_1\"}");
    client.keys().verify(key, "payments");
    assertThat(server.last().target()).isEqualTo("/v1/keys:verify");
    assertThat(server.last().body())
        .isEqualTo("{\"key\":\"" + key + "\",\"service\":\"payments\"}");
  }

  @Test
  void rootKeys_createListGetRevoke() {
    server.json(201, "{\"key\":\"" + TestSecrets.rootKey() + "\",\"data\":" + ROOT_KEY + "}");
    server.json(200, "{\"items\":[" + ROOT_KEY + "]}").json(200, ROOT_KEY).json(200, ROOT_KEY);
    client
        .rootKeys()
        .create(new CreateRootKey("ops", List.of("keys.read"), null, null, null), "rk-1");
    assertThat(server.last().target()).isEqualTo("/v1/root-keys");
    assertThat(server.last().header("Idempotency-Key")).isEqualTo("rk-1");
    assertThat(server.last().body())
        .isEqualTo("{\"name\":\"ops\",\"permissions\":[\"keys.read\"]}");
    client.rootKeys().list(10, null);
    assertThat(server.last().target()).isEqualTo("/v1/root-keys?page_size=10");
    client.rootKeys().get("rk_1");
    assertThat(server.last().target()).isEqualTo("/v1/root-keys/rk_1");
    client.rootKeys().revoke("rk_1", new RevokeKey("leaked"));
    assertThat(server.last().target()).isEqualTo("/v1/root-keys/rk_1:revoke");
    assertThat(server.last().body()).isEqualTo("{\"reason\":\"leaked\"}");
  }

  @Test
  void roles_createListGetUpdate() {
    server.json(201, ROLE).json(200, "{\"items\":[" + ROLE + "]}").json(200, ROLE);
    client
        .roles()
        .create(new CreateRole("order-reader", null, List.of("orders:read"), "true"), "role-1");
    assertThat(server.last().method()).isEqualTo("POST");
    assertThat(server.last().target()).isEqualTo("/v1/roles");
    assertThat(server.last().header("Idempotency-Key")).isEqualTo("role-1");
    assertThat(server.last().body())
        .isEqualTo(
            "{\"name\":\"order-reader\",\"permissions\":[\"orders:read\"],\"condition\":\"true\"}");
    client.roles().list(10, "t1");
    assertThat(server.last().target()).isEqualTo("/v1/roles?page_size=10&page_token=t1");
    client.roles().get("role_1");
    assertThat(server.last().target()).isEqualTo("/v1/roles/role_1");
  }

  @Test
  void updateRole_absentComponentIsLeftOut_emptyOptionalIsExplicitNull() {
    server.json(200, ROLE).json(200, ROLE);
    client
        .roles()
        .update("role_1", new UpdateRole(null, Optional.empty(), List.of(), Optional.empty()));
    assertThat(server.last().method()).isEqualTo("PATCH");
    assertThat(server.last().target()).isEqualTo("/v1/roles/role_1");
    assertThat(server.last().body())
        .isEqualTo("{\"description\":null,\"permissions\":[],\"condition\":null}");
    client.roles().update("role_1", new UpdateRole("r", Optional.of("d"), null, null));
    assertThat(server.last().body()).isEqualTo("{\"name\":\"r\",\"description\":\"d\"}");
  }

  @Test
  void keyAccessReport_getsTheReportOfTheKeyForTheDays() {
    server.json(
        200,
        """
        {"key_id":"key_1","days":7,"from":"2026-01-01T00:00:00Z","to":"2026-01-07T03:04:05Z",
         "permissions_exercised":true,"grants":[{"source":"key","grant":"orders:*",
         "unused":false,"last_used_at":"2026-01-07T03:00:00Z","used_for":[{"permission":
         "orders:read","last_at":"2026-01-07T03:00:00Z"}]}],"conditions":[],"suggestion":
         {"narrower":true,"permissions":["orders:read"],"roles":[],"remove_roles":[],
         "reasons":["orders:* was used only for orders:read"]}}""");
    var report = client.keys().accessReport("key_1", 7);
    assertThat(server.last().method()).isEqualTo("GET");
    assertThat(server.last().target()).isEqualTo("/v1/keys/key_1/access-report?days=7");
    assertThat(report.grants().getFirst().usedFor().getFirst().permission())
        .isEqualTo("orders:read");
    assertThat(report.suggestion().permissions()).containsExactly("orders:read");
  }

  @Test
  void audit_listsEventsWithPaging() {
    server.json(200, "{\"items\":[]}");
    client.audit().list(50, "t1");
    assertThat(server.last().method()).isEqualTo("GET");
    assertThat(server.last().target()).isEqualTo("/v1/audit-events?page_size=50&page_token=t1");
  }
}
