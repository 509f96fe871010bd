package dev.latchkey.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateRootKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.RotateKey;
import dev.latchkey.api.Service;
import dev.latchkey.api.UpdateKey;
import dev.latchkey.api.UpdateService;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.api.VerifyKey;
import dev.latchkey.client.ForbiddenException;
import dev.latchkey.client.InvalidRequestException;
import dev.latchkey.client.KeyFilter;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.NotFoundException;
import dev.latchkey.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No escalation through root keys and keys, and service scopes: what a confined or narrow root key
 * tries beyond its powers is refused and changes nothing.
 */
class EscalationAndScopeTest {
  @TempDir Path dir;
  TestServer t;
  LatchkeyClient admin;
  Service orders;
  Service payments;
  final List<LatchkeyClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    admin = client(t.rootKey);
    orders = admin.services().create(new CreateService("orders", "ord"));
    payments = admin.services().create(new CreateService("payments", "pay"));
  }

  @AfterEach
  void stop() {
    clients.forEach(LatchkeyClient::close);
    t.close();
  }

  LatchkeyClient client(String rootKey) {
    LatchkeyClient c =
        LatchkeyClient.builder()
            .baseUri(t.uri())
            .rootKey(rootKey)
            .timeout(Duration.ofSeconds(5))
            .build();
    clients.add(c);
    return c;
  }

  LatchkeyClient rootKey(List<String> permissions, List<String> services, List<String> grants) {
    return client(
        admin
            .rootKeys()
            .create(new CreateRootKey("rk", permissions, null, services, grants))
            .key());
  }

  IssuedKey key(Service service, List<String> permissions) {
    return admin
        .keys()
        .create(
            new CreateKey(
                service.id(), null, null, null, null, null, permissions, null, null, null, null));
  }

  static final List<String> KEY_ADMIN =
      List.of(
          "keys.create", "keys.read", "keys.update", "keys.rotate", "keys.revoke", "keys.verify");

  @Test
  void aRootKeyGivesOnlyTheKeyGrantsItMayGive() {
    LatchkeyClient narrow = rootKey(KEY_ADMIN, null, List.of("orders:read", "orders:write"));
    long before = admin.keys().listAll(KeyFilter.any()).count();

    for (List<String> wider :
        List.of(List.of("orders:*"), List.of("*"), List.of("payments:read"))) {
      assertThatThrownBy(() -> narrow.keys().create(create(orders, wider)))
          .as("%s", wider)
          .isInstanceOf(ForbiddenException.class);
    }
    assertThat(admin.keys().listAll(KeyFilter.any()).count()).isEqualTo(before);
    assertThat(narrow.keys().create(create(orders, List.of("orders:read"))).data().permissions())
        .containsExactly("orders:read");
  }

  static CreateKey create(Service service, List<String> permissions) {
    return new CreateKey(
        service.id(), null, null, null, null, null, permissions, null, null, null, null);
  }

  @Test
  void aRootKeyCannotReshapeAKeyMorePowerfulThanItself() {
    LatchkeyClient narrow = rootKey(KEY_ADMIN, null, List.of("orders:read"));
    IssuedKey strong = key(orders, List.of("*"));
    IssuedKey conditioned =
        admin
            .keys()
            .create(
                new CreateKey(
                    orders.id(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of("orders:*"),
                    null,
                    "request.method == 'GET'",
                    null,
                    null));

    assertThatThrownBy(
            () ->
                narrow
                    .keys()
                    .update(
                        strong.data().id(),
                        new UpdateKey(
                            null,
                            null,
                            null,
                            null,
                            List.of("orders:read"),
                            null,
                            null,
                            null,
                            null)))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(
            () ->
                narrow
                    .keys()
                    .update(
                        conditioned.data().id(),
                        new UpdateKey(
                            null, null, null, null, null, null, Optional.empty(), null, null)))
        .as("removing the condition of a key holding orders:* would widen it")
        .isInstanceOf(ForbiddenException.class);
    assertThat(admin.keys().get(conditioned.data().id()).condition()).isNotNull();
    assertThat(admin.keys().get(strong.data().id()).permissions()).containsExactly("*");
    // Nor rename it, re-enable it, touch the metadata its conditions read, or rotate it: it could
    // then use or hand on access it may not give.
    for (UpdateKey change :
        List.of(
            UpdateKey.of("renamed", null, null, null),
            UpdateKey.of(null, java.util.Map.of("tier", "gold"), null, null),
            UpdateKey.of(null, null, Optional.empty(), true))) {
      assertThatThrownBy(() -> narrow.keys().update(strong.data().id(), change))
          .isInstanceOf(ForbiddenException.class);
    }
    assertThatThrownBy(() -> narrow.keys().rotate(strong.data().id(), new RotateKey(null)))
        .isInstanceOf(ForbiddenException.class);
    assertThat(admin.keys().get(strong.data().id()).name()).isNull();
    assertThat(admin.keys().get(strong.data().id()).rotation()).isNull();
    // A key within its powers it may change and rotate; and any key in scope it may revoke.
    IssuedKey mine = key(orders, List.of("orders:read"));
    assertThat(
            narrow
                .keys()
                .update(mine.data().id(), UpdateKey.of("renamed", null, null, null))
                .name())
        .isEqualTo("renamed");
    assertThat(narrow.keys().rotate(mine.data().id(), new RotateKey(null)).key()).isNotBlank();
    assertThat(narrow.keys().revoke(strong.data().id(), new RevokeKey("leaked")).state())
        .isEqualTo(dev.latchkey.api.KeyState.REVOKED);
  }

  @Test
  void aRootKeyPassesOnOnlyWhatItHolds() {
    LatchkeyClient narrow =
        rootKey(
            List.of("root_keys.write", "keys.create"),
            List.of(orders.id()),
            List.of("orders:read"));

    assertThatThrownBy(
            () ->
                narrow
                    .rootKeys()
                    .create(new CreateRootKey("x", List.of("keys.create"), null, null, null)))
        .as("unconfined from confined")
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(
            () ->
                narrow
                    .rootKeys()
                    .create(
                        new CreateRootKey(
                            "x", List.of("keys.create"), null, List.of(payments.id()), null)))
        .as("another service")
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(
            () ->
                narrow
                    .rootKeys()
                    .create(
                        new CreateRootKey(
                            "x",
                            List.of("keys.create"),
                            null,
                            List.of(orders.id()),
                            List.of("orders:*"))))
        .as("wider key grants")
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(
            () ->
                narrow
                    .rootKeys()
                    .create(
                        new CreateRootKey(
                            "x", List.of("keys.update"), null, List.of(orders.id()), null)))
        .as("a management permission it lacks")
        .isInstanceOf(ForbiddenException.class);
    var ok =
        narrow
            .rootKeys()
            .create(
                new CreateRootKey(
                    "x",
                    List.of("keys.create"),
                    null,
                    List.of(orders.id()),
                    List.of("orders:read")));
    assertThat(ok.data().services()).containsExactly(orders.id());
  }

  @Test
  void aRoleHeldBackByAConditionOnMetadata_cannotBeUnlockedByANarrowRootKey() {
    admin
        .roles()
        .create(
            new dev.latchkey.api.CreateRole(
                "gold", null, List.of("payments:refund"), "key.meta.tier == 'gold'"));
    IssuedKey silver =
        admin
            .keys()
            .create(
                new CreateKey(
                    payments.id(),
                    null,
                    null,
                    java.util.Map.of("tier", "silver"),
                    null,
                    null,
                    null,
                    List.of("gold"),
                    null,
                    null,
                    null));
    LatchkeyClient narrow = rootKey(KEY_ADMIN, List.of(payments.id()), List.of());

    assertThatThrownBy(
            () ->
                narrow
                    .keys()
                    .update(
                        silver.data().id(),
                        UpdateKey.of(null, java.util.Map.of("tier", "gold"), null, null)))
        .isInstanceOf(ForbiddenException.class);
    assertThat(
            admin.keys().verify(VerifyKey.of(silver.key(), null, "payments:refund", null)).code())
        .isEqualTo(VerifyCode.CONDITION_FAILED);
  }

  @Test
  void aConfinedRootKey_learnsNothingOfServicesOutsideItsScope() {
    LatchkeyClient confined =
        rootKey(List.of("root_keys.write", "keys.read"), List.of(orders.id()), List.of());

    for (String other : List.of(payments.id(), dev.latchkey.core.secret.Ids.newId("svc"))) {
      assertThatThrownBy(
              () ->
                  confined
                      .rootKeys()
                      .create(
                          new CreateRootKey("x", List.of("keys.read"), null, List.of(other), null)))
          .as("existing or not, the same answer")
          .isInstanceOf(ForbiddenException.class);
    }
  }

  @Test
  void aRootKeyThatExpires_givesOnlyKeysThatExpireNoLater() {
    java.time.Instant until = t.clock.instant().plus(Duration.ofDays(1));
    LatchkeyClient temporary =
        client(
            admin
                .rootKeys()
                .create(new CreateRootKey("temp", KEY_ADMIN, until, null, List.of("*")))
                .key());

    IssuedKey key = temporary.keys().create(create(orders, List.of()));
    assertThat(key.data().expiresAt()).as("inherits the creator's expiry").isEqualTo(until);
    assertThatThrownBy(
            () ->
                temporary
                    .keys()
                    .create(
                        new CreateKey(
                            orders.id(),
                            null,
                            null,
                            null,
                            until.plusSeconds(60),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null)))
        .isInstanceOf(ForbiddenException.class);
    assertThat(
            temporary
                .keys()
                .update(key.data().id(), UpdateKey.of(null, null, Optional.empty(), null))
                .expiresAt())
        .as("removing the expiry gives the creator's")
        .isEqualTo(until);
  }

  @Test
  void aNarrowRootKeyCannotRevokeAWiderOne() {
    LatchkeyClient narrow = rootKey(List.of("root_keys.write"), List.of(orders.id()), List.of());
    var wider =
        admin
            .rootKeys()
            .create(new CreateRootKey("wide", List.of("root_keys.write"), null, null, null));

    assertThatThrownBy(() -> narrow.rootKeys().revoke(wider.data().id(), new RevokeKey(null)))
        .isInstanceOf(ForbiddenException.class);
    assertThat(admin.rootKeys().get(wider.data().id()).revokedAt()).isNull();
  }

  @Test
  void aConfinedRootKey_seesAndTouchesOnlyItsServices() {
    LatchkeyClient confined =
        rootKey(
            List.of(
                "services.read",
                "services.write",
                "keys.read",
                "keys.create",
                "keys.update",
                "keys.rotate",
                "keys.revoke",
                "keys.verify"),
            List.of(orders.id()),
            List.of("*"));
    IssuedKey ours = key(orders, List.of());
    IssuedKey theirs = key(payments, List.of());
    String theirId = theirs.data().id();

    assertThat(confined.keys().listAll(KeyFilter.any()).map(k -> k.id()).toList())
        .containsExactly(ours.data().id());
    assertThat(confined.services().listAll().map(Service::id).toList())
        .containsExactly(orders.id());
    assertThatThrownBy(() -> confined.keys().get(theirId)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> confined.keys().update(theirId, UpdateKey.of("x", null, null, null)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> confined.keys().rotate(theirId, new RotateKey(null)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> confined.keys().revoke(theirId, new RevokeKey(null)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> confined.services().get(payments.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () -> confined.services().update(payments.id(), new UpdateService("x", null)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> confined.keys().create(create(payments, List.of())))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("no such service");
    assertThatThrownBy(() -> confined.services().create(new CreateService("new", "new")))
        .isInstanceOf(ForbiddenException.class);
    assertThat(confined.keys().verify(theirs.key()).code()).isEqualTo(VerifyCode.NOT_FOUND);
    assertThat(confined.keys().verify(VerifyKey.of(theirs.key(), null, null, null)).keyId())
        .isNull();
    assertThat(confined.keys().verify(ours.key()).code()).isEqualTo(VerifyCode.VALID);
    assertThat(admin.keys().get(theirId).revokedAt()).isNull();
  }
}
