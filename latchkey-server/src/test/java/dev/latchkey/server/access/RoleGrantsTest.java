package dev.latchkey.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateRole;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.Role;
import dev.latchkey.api.UpdateKey;
import dev.latchkey.api.UpdateRole;
import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.access.condition.ConditionInput;
import dev.latchkey.core.access.condition.Conditions;
import dev.latchkey.core.feed.Evictions;
import dev.latchkey.core.manage.Bootstrap;
import dev.latchkey.core.manage.Caller;
import dev.latchkey.core.manage.Keys;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.Roles;
import dev.latchkey.core.manage.Services;
import dev.latchkey.core.store.FeedEntry;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.core.verify.CacheSettings;
import dev.latchkey.core.verify.Check;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.store.SqlStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification of keys holding roles, in process: role grants count only while the role's condition
 * holds, a change to a role is seen at once, and what each key exercised is attributed to the grant
 * that covered it.
 */
class RoleGrantsTest {
  @TempDir Path dir;
  Store store;
  Verifier verifier;
  Mutations mutations;
  Keys keys;
  Roles roles;
  Caller caller;
  String workspace;
  String service;
  final MutableClock clock = MutableClock.startingNow();

  @BeforeEach
  void open() {
    store = SqlStores.openSqlite(dir.resolve("latchkey.db"));
    verifier = Verifier.create(store, clock, CacheSettings.defaults());
    mutations = new Mutations(store, verifier, clock);
    workspace = new Bootstrap(store, mutations).run(Optional.empty(), k -> {}).workspaceId();
    caller = new Caller(Principal.system(workspace), "test", "local");
    keys = new Keys(store, clock, Conditions.create());
    roles = new Roles(store, Conditions.create());
    service =
        mutations
            .run(caller, m -> new Services(store).create(m, new CreateService("orders", "ord")))
            .id();
  }

  @AfterEach
  void close() {
    store.close();
  }

  Role role(String name, List<String> permissions, String condition) {
    return mutations.run(
        caller, m -> roles.create(m, new CreateRole(name, null, permissions, condition)));
  }

  void change(Role role, List<String> permissions, String condition) {
    mutations.run(
        caller,
        m ->
            roles.update(
                m,
                role.id(),
                new UpdateRole(null, null, permissions, Optional.ofNullable(condition))));
  }

  IssuedKey key(List<String> permissions, List<String> roles) {
    return mutations.run(
        caller,
        m ->
            keys.create(
                m,
                new CreateKey(
                    service, null, null, null, null, null, permissions, roles, null, null, null)));
  }

  Verdict verify(IssuedKey key, String query, String ip) {
    Check check = Check.of(key.key()).requiring(verifier.query(query));
    if (ip != null) {
      check = check.withRequest(new ConditionInput.Request(ip, "GET", "/", null, null));
    }
    return verifier.verify(workspace, check);
  }

  @Test
  void roleGrants_countAsTheKeys() {
    Role reader = role("reader", List.of("orders:read", "invoices:read"), null);
    IssuedKey key = key(List.of("payments:refund"), List.of("reader"));

    assertThat(key.data().roles()).containsExactly(reader.id());
    assertThat(verify(key, "orders:read AND payments:refund", null).code())
        .isEqualTo(VerifyCode.VALID);
    assertThat(verify(key, "orders:write", null).missingPermissions())
        .containsExactly("orders:write");
  }

  @Test
  void aRoleWhoseConditionFails_givesConditionFailed_notInsufficientPermissions() {
    role("office", List.of("payments:refund"), "request.ip.in_cidr('10.20.0.0/16')");
    IssuedKey key = key(List.of("orders:read"), List.of("office"));

    assertThat(verify(key, "payments:refund", "10.20.1.1").code()).isEqualTo(VerifyCode.VALID);
    assertThat(verify(key, "payments:refund", "192.0.2.1").code())
        .isEqualTo(VerifyCode.CONDITION_FAILED);
    assertThat(verify(key, "payments:refund", null).code())
        .as("no request: the condition cannot hold")
        .isEqualTo(VerifyCode.CONDITION_FAILED);
    assertThat(verify(key, "orders:read", "192.0.2.1").code())
        .as("a direct grant does not need the role")
        .isEqualTo(VerifyCode.VALID);
    assertThat(verify(key, "admin:x", "192.0.2.1").code())
        .as("no role would give it either")
        .isEqualTo(VerifyCode.INSUFFICIENT_PERMISSIONS);
  }

  @Test
  void aChangedRole_isSeenByTheNextVerification() {
    Role reader = role("reader", List.of("orders:read"), null);
    IssuedKey key = key(null, List.of(reader.id()));
    assertThat(verify(key, "orders:write", null).code())
        .isEqualTo(VerifyCode.INSUFFICIENT_PERMISSIONS);

    change(reader, List.of("orders:read", "orders:write"), null);
    assertThat(verify(key, "orders:write", null).code()).isEqualTo(VerifyCode.VALID);

    change(reader, List.of(), null);
    assertThat(verify(key, "orders:read", null).code())
        .isEqualTo(VerifyCode.INSUFFICIENT_PERMISSIONS);
  }

  @Test
  void aRoleChange_isEvictedByTheChangeFeedsEvictions() {
    Role reader = role("reader", List.of("orders:read"), null);
    IssuedKey key = key(null, List.of(reader.id()));
    Verifier other = Verifier.create(store, clock, CacheSettings.defaults());
    assertThat(
            other
                .verify(workspace, Check.of(key.key()).requiring(other.query("orders:write")))
                .code())
        .isEqualTo(VerifyCode.INSUFFICIENT_PERMISSIONS);

    change(reader, List.of("orders:*"), null);
    // Another node learns of the change only through the feed: until then its cache is stale...
    assertThat(
            other
                .verify(workspace, Check.of(key.key()).requiring(other.query("orders:write")))
                .code())
        .isEqualTo(VerifyCode.INSUFFICIENT_PERMISSIONS);
    // ...and the feed's evictions for a role change drop the role.
    var changes = store.read(tx -> tx.changes().after(0, 1000));
    Evictions.of(
            null,
            changes.stream()
                .map(FeedEntry::change)
                .filter(c -> c.entityType().equals("role"))
                .toList())
        .applyTo(other);
    assertThat(
            other
                .verify(workspace, Check.of(key.key()).requiring(other.query("orders:write")))
                .code())
        .isEqualTo(VerifyCode.VALID);
  }

  @Test
  void aKeysRolesCanBeReplaced() {
    Role reader = role("reader", List.of("orders:read"), null);
    Role writer = role("writer", List.of("orders:write"), null);
    IssuedKey key = key(null, List.of(reader.id()));

    mutations.run(
        caller,
        m ->
            keys.update(
                m,
                key.data().id(),
                new UpdateKey(null, null, null, null, null, List.of("writer"), null, null, null)));

    assertThat(verify(key, "orders:write", null).code()).isEqualTo(VerifyCode.VALID);
    assertThat(verify(key, "orders:read", null).code())
        .isEqualTo(VerifyCode.INSUFFICIENT_PERMISSIONS);
    assertThat(keys.get(Principal.system(workspace), key.data().id()).roles())
        .containsExactly(writer.id());
  }

  @Test
  void theTimeOfDayComesFromTheVerifiersClock() {
    role("office-hours", List.of("payments:refund"), "now.between_times('09:00', '17:00', 'UTC')");
    IssuedKey key = key(null, List.of("office-hours"));

    clock.set(Instant.parse("2027-03-01T10:00:00Z"));
    assertThat(verify(key, "payments:refund", null).code()).isEqualTo(VerifyCode.VALID);
    clock.set(Instant.parse("2027-03-01T20:00:00Z"));
    assertThat(verify(key, "payments:refund", null).code()).isEqualTo(VerifyCode.CONDITION_FAILED);
  }
}
