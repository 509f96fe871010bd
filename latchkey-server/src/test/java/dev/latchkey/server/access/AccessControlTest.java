package dev.latchkey.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateRootKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.Problem;
import dev.latchkey.api.Service;
import dev.latchkey.api.UpdateKey;
import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.api.VerifyKey;
import dev.latchkey.client.InvalidRequestException;
import dev.latchkey.client.KeyFilter;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key permissions, permission queries and key conditions through the API and the SDK. */
class AccessControlTest {
  @TempDir Path dir;
  TestServer t;
  LatchkeyClient admin;
  Service orders;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    admin = client(t.rootKey);
    orders = admin.services().create(new CreateService("orders", "ord"));
  }

  @AfterEach
  void stop() {
    admin.close();
    t.close();
  }

  LatchkeyClient client(String rootKey) {
    return LatchkeyClient.builder()
        .baseUri(t.uri())
        .rootKey(rootKey)
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  IssuedKey key(List<String> permissions, String condition) {
    return admin
        .keys()
        .create(
            new CreateKey(
                orders.id(),
                null,
                null,
                Map.of("tier", "gold"),
                null,
                null,
                permissions,
                null,
                condition,
                null,
                null));
  }

  Verdict verify(IssuedKey key, String query) {
    return admin.keys().verify(VerifyKey.of(key.key(), null, query, null));
  }

  Verdict verify(IssuedKey key, String query, VerifyKey.Request request) {
    return admin
        .keys()
        .verify(VerifyKey.of(key.key(), null, query, new VerifyKey.Context(request)));
  }

  @Test
  void aKeyStartsWithNoPermissions_andFailsAnyQuery_listingWhatWasMissing() {
    IssuedKey key = key(null, null);

    assertThat(key.data().permissions()).isEmpty();
    assertThat(verify(key, null).code()).isEqualTo(VerifyCode.VALID);
    Verdict denied = verify(key, "orders:read AND (payments:refund OR admin:*)");
    assertThat(denied.valid()).isFalse();
    assertThat(denied.code()).isEqualTo(VerifyCode.INSUFFICIENT_PERMISSIONS);
    assertThat(denied.missingPermissions())
        .containsExactly("orders:read", "payments:refund", "admin:*");
  }

  @Test
  void grantsSatisfyQueries_withOneWildcardMeaning() {
    IssuedKey reader = key(List.of("orders:read"), null);
    IssuedKey ordersAll = key(List.of("orders:*"), null);
    IssuedKey everything = key(List.of("*"), null);

    assertThat(verify(reader, "orders:read").code()).isEqualTo(VerifyCode.VALID);
    assertThat(verify(reader, "orders:*").code()).isEqualTo(VerifyCode.INSUFFICIENT_PERMISSIONS);
    assertThat(verify(reader, "orders:write").missingPermissions()).containsExactly("orders:write");
    assertThat(verify(ordersAll, "orders:read AND orders:write").code())
        .isEqualTo(VerifyCode.VALID);
    assertThat(verify(ordersAll, "orders:*").code()).isEqualTo(VerifyCode.VALID);
    assertThat(verify(ordersAll, "payments:read").code())
        .isEqualTo(VerifyCode.INSUFFICIENT_PERMISSIONS);
    assertThat(verify(everything, "payments:refund AND admin:*").code())
        .isEqualTo(VerifyCode.VALID);
  }

  @Test
  void andBindsTighterThanOr() {
    IssuedKey key = key(List.of("payments:refund"), null);

    // (orders:read AND admin:x) OR payments:refund
    assertThat(verify(key, "orders:read AND admin:x OR payments:refund").code())
        .isEqualTo(VerifyCode.VALID);
    assertThat(verify(key, "orders:read AND (admin:x OR payments:refund)").code())
        .isEqualTo(VerifyCode.INSUFFICIENT_PERMISSIONS);
  }

  @Test
  void aMalformedQuery_isA400NamingThePosition() {
    IssuedKey key = key(List.of("orders:read"), null);

    InvalidRequestException e =
        catchThrowableOfType(
            InvalidRequestException.class, () -> verify(key, "orders:read AND (payments:refund"));

    assertThat(e.problem().status()).isEqualTo(400);
    assertThat(e.problem().errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.field()).isEqualTo("permissions");
              assertThat(error.message()).contains("position");
            });
    assertThat(e.getMessage()).doesNotContain(key.key());
  }

  @Test
  void aQueryOverTheBounds_isA400() {
    IssuedKey key = key(List.of("*"), null);
    String tooMany = String.join(" OR ", java.util.Collections.nCopies(65, "a:b"));

    assertThatThrownBy(() -> verify(key, tooMany)).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> verify(key, "a:b" + " ".repeat(1100)))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void aKeyCondition_allowsOnlyMatchingRequests() {
    IssuedKey key =
        key(
            List.of("orders:read"),
            "request.method == 'GET' && request.ip.in_cidr('10.0.0.0/8') && key.meta.tier == 'gold'");
    VerifyKey.Request inside = new VerifyKey.Request("10.1.2.3", "GET", "/orders", null, null);
    VerifyKey.Request outside = new VerifyKey.Request("192.168.1.1", "GET", "/orders", null, null);
    VerifyKey.Request post = new VerifyKey.Request("10.1.2.3", "POST", "/orders", null, null);

    assertThat(verify(key, "orders:read", inside).code()).isEqualTo(VerifyCode.VALID);
    assertThat(verify(key, "orders:read", outside).code()).isEqualTo(VerifyCode.CONDITION_FAILED);
    assertThat(verify(key, null, post).code()).isEqualTo(VerifyCode.CONDITION_FAILED);
    assertThat(verify(key, null).code())
        .as("no context: fields are empty, the condition fails")
        .isEqualTo(VerifyCode.CONDITION_FAILED);
  }

  @Test
  void aConditionThatCannotBeEvaluated_denies() {
    IssuedKey key = key(null, "key.meta.missing == 'x'");

    Verdict v = verify(key, null, new VerifyKey.Request("10.0.0.1", "GET", "/", null, null));

    assertThat(v.valid()).isFalse();
    assertThat(v.code()).isEqualTo(VerifyCode.CONDITION_FAILED);
  }

  @Test
  void headersReachConditions_lowerCased() {
    IssuedKey key =
        key(null, "'x-team' in request.headers && request.headers['x-team'] == 'billing'");

    assertThat(
            verify(
                    key,
                    null,
                    new VerifyKey.Request(null, null, null, null, Map.of("X-Team", "billing")))
                .code())
        .isEqualTo(VerifyCode.VALID);
    assertThat(
            verify(
                    key,
                    null,
                    new VerifyKey.Request(null, null, null, null, Map.of("x-team", "ops")))
                .code())
        .isEqualTo(VerifyCode.CONDITION_FAILED);
  }

  @Test
  void aBadCondition_isRefusedWhenSaved_withItsPosition_andNothingIsCreated() {
    long before = admin.keys().listAll(KeyFilter.any()).count();

    InvalidRequestException e =
        catchThrowableOfType(
            InvalidRequestException.class, () -> key(null, "request.methd == 'GET'"));

    assertThat(e.problem().errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.field()).isEqualTo("condition");
              assertThat(error.message()).contains("methd").contains("position");
            });
    assertThat(admin.keys().listAll(KeyFilter.any()).count()).isEqualTo(before);
  }

  @Test
  void badGrants_areRefusedPerItem() {
    InvalidRequestException e =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> key(List.of("orders:read", "Orders:Read", "orders", "orders:read"), null));

    assertThat(e.problem().errors())
        .extracting(Problem.FieldError::field)
        .containsExactly("permissions[1]", "permissions[2]", "permissions[3]");
  }

  @Test
  void patchingAccess_takesEffectAtOnce_andNullRemovesTheCondition() {
    IssuedKey key = key(List.of("orders:read"), "request.method == 'GET'");
    assertThat(verify(key, "orders:write").code()).isEqualTo(VerifyCode.CONDITION_FAILED);

    admin
        .keys()
        .update(
            key.data().id(),
            new UpdateKey(
                null,
                null,
                null,
                null,
                List.of("orders:write"),
                null,
                Optional.empty(),
                null,
                null));

    assertThat(verify(key, "orders:write").code()).isEqualTo(VerifyCode.VALID);
    assertThat(verify(key, "orders:read").code()).isEqualTo(VerifyCode.INSUFFICIENT_PERMISSIONS);
    assertThat(admin.keys().get(key.data().id()).condition()).isNull();
    assertThat(admin.keys().get(key.data().id()).permissions()).containsExactly("orders:write");
  }

  @Test
  void theAuditRecordsAccessChanges() {
    IssuedKey key = key(List.of("orders:read"), null);
    admin
        .keys()
        .update(
            key.data().id(),
            new UpdateKey(null, null, null, null, List.of("orders:*"), null, null, null, null));

    var events = admin.audit().list(10, null).items();
    assertThat(events.get(0).action()).isEqualTo("key.updated");
    assertThat(events.get(0).details())
        .containsEntry("fields", List.of("permissions"))
        .containsEntry("permissions", List.of("orders:*"));
  }

  @Test
  void rootKeysDescribeTheirScope() {
    var issued =
        admin
            .rootKeys()
            .create(
                new CreateRootKey(
                    "scoped",
                    List.of("keys.read"),
                    null,
                    List.of(orders.id()),
                    List.of("orders:read")));

    assertThat(issued.data().services()).containsExactly(orders.id());
    assertThat(issued.data().keyPermissions()).containsExactly("orders:read");
    assertThat(admin.rootKeys().get(issued.data().id()).services()).containsExactly(orders.id());
  }
}
