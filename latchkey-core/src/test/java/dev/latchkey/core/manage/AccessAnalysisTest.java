package dev.latchkey.core.manage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.api.AccessReport;
import dev.latchkey.api.AccessReport.ConditionUse;
import dev.latchkey.api.AccessReport.GrantUse;
import dev.latchkey.api.AccessReport.PermissionUse;
import dev.latchkey.api.Key;
import dev.latchkey.api.KeyState;
import dev.latchkey.api.Role;
import dev.latchkey.core.store.AccessUse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the report makes of a key, its roles and what it exercised; no store needed. */
class AccessAnalysisTest {
  private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-11-30T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-10T08:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-20T08:00:00Z");
  private static final String READER = "role_5Gh8Jk2Lm6Nb9Vc3Xz7Qw1Er";
  private static final String BILLING = "role_7Fq2Lm9Xc4Tz1Wb8Rk3Pn6Hd";

  private static Key key(List<String> permissions, List<String> roles, String condition) {
    return new Key(
        "key_9Zx4Bn7Qw2Er5Ty8Ui1Op3As",
        "svc_3hT9kQ2mWx7Lp4Zb8Nc1Vd6R",
        null,
        null,
        "pay_Q7rT",
        null,
        true,
        KeyState.ACTIVE,
        null,
        FROM,
        FROM,
        null,
        null,
        null,
        permissions,
        roles,
        condition,
        List.of(),
        null,
        null,
        null);
  }

  private static Role role(String id, String name, List<String> permissions, String condition) {
    return new Role(id, name, null, permissions, condition, FROM, FROM);
  }

  private static AccessUse used(String source, String grant, String permission, Instant at) {
    return new AccessUse(source, grant, permission, at);
  }

  private static AccessUse evaluated(String source, Instant at) {
    return new AccessUse(source, "?", "", at);
  }

  private static AccessReport report(Key key, List<Role> roles, AccessUse... uses) {
    return AccessAnalysis.of(key, roles, List.of(uses), 30, FROM, TO);
  }

  @Test
  void grants_sayWhatTheyWereUsedFor_andWhenLast_orUnused() {
    Key key = key(List.of("orders:*", "payments:refund"), List.of(READER), null);
    Role reader = role(READER, "reader", List.of("invoices:read"), null);

    AccessReport r =
        report(
            key,
            List.of(reader),
            used("key", "orders:*", "orders:write", T1),
            used("key", "orders:*", "orders:read", T2),
            used(READER, "invoices:read", "invoices:read", T1));

    assertThat(r.keyId()).isEqualTo(key.id());
    assertThat(r.days()).isEqualTo(30);
    assertThat(r.from()).isEqualTo(FROM);
    assertThat(r.to()).isEqualTo(TO);
    assertThat(r.permissionsExercised()).isTrue();
    assertThat(r.grants())
        .containsExactly(
            new GrantUse(
                "key",
                null,
                "orders:*",
                false,
                T2,
                List.of(
                    new PermissionUse("orders:read", T2), new PermissionUse("orders:write", T1))),
            new GrantUse("key", null, "payments:refund", true, null, List.of()),
            new GrantUse(
                READER,
                "reader",
                "invoices:read",
                false,
                T1,
                List.of(new PermissionUse("invoices:read", T1))));
  }

  @Test
  void wildcardUsedOnlyForSomeActions_isNarrowedToThem_unusedDirectGrantsDropped() {
    Key key = key(List.of("orders:*", "payments:refund", "audit:read"), List.of(), null);

    AccessReport r =
        report(
            key,
            List.of(),
            used("key", "orders:*", "orders:read", T1),
            used("key", "audit:read", "audit:read", T1));

    assertThat(r.suggestion().narrower()).isTrue();
    assertThat(r.suggestion().permissions()).containsExactly("orders:read", "audit:read");
    assertThat(r.suggestion().reasons())
        .containsExactly(
            "orders:* was used only for orders:read",
            "payments:refund was not used in the last 30 days");
  }

  @Test
  void theGlobalWildcard_isNarrowedToEveryPermissionItServed() {
    Key key = key(List.of("*"), List.of(), null);

    AccessReport r =
        report(
            key,
            List.of(),
            used("key", "*", "orders:read", T1),
            used("key", "*", "payments:charge", T2));

    assertThat(r.suggestion().permissions()).containsExactly("orders:read", "payments:charge");
  }

  @Test
  void wildcardRequiredAsSuch_isKept_andWhatItCoversIsNotAddedBeside() {
    Key key = key(List.of("*"), List.of(), null);

    AccessReport r =
        report(
            key,
            List.of(),
            used("key", "*", "orders:*", T1),
            used("key", "*", "orders:read", T1),
            used("key", "*", "payments:charge", T1));

    assertThat(r.suggestion().permissions()).containsExactly("orders:*", "payments:charge");
    assertThat(r.suggestion().reasons()).contains("orders:read is covered by orders:*");
  }

  @Test
  void wildcardUsedAsAWhole_isKept() {
    Key key = key(List.of("orders:*"), List.of(), null);

    AccessReport r = report(key, List.of(), used("key", "orders:*", "orders:*", T1));

    assertThat(r.suggestion().narrower()).isFalse();
    assertThat(r.suggestion().permissions()).containsExactly("orders:*");
    assertThat(r.suggestion().reasons())
        .containsExactly("every grant was used in the last 30 days");
  }

  @Test
  void rolesWithNoGrantUsed_areDropped_partlyUsedOnesKeptWhole() {
    Key key = key(List.of("orders:read"), List.of(READER, BILLING), null);
    Role reader = role(READER, "reader", List.of("invoices:read", "invoices:list"), null);
    Role billing = role(BILLING, "billing", List.of("payments:charge"), null);

    AccessReport r =
        report(
            key,
            List.of(reader, billing),
            used("key", "orders:read", "orders:read", T1),
            used(READER, "invoices:read", "invoices:read", T1));

    assertThat(r.suggestion().narrower()).isTrue();
    assertThat(r.suggestion().permissions()).containsExactly("orders:read");
    assertThat(r.suggestion().roles()).containsExactly(READER);
    assertThat(r.suggestion().removeRoles()).containsExactly(BILLING);
    assertThat(r.suggestion().reasons())
        .containsExactly(
            "role reader ("
                + READER
                + ") is kept whole, as roles are shared, though invoices:list was not used by this"
                + " key",
            "role billing (" + BILLING + ") was not used in the last 30 days");
  }

  @Test
  void aRoleThatNoLongerExists_isToBeDropped() {
    Key key = key(List.of("orders:read"), List.of(READER), null);

    AccessReport r = report(key, List.of(), used("key", "orders:read", "orders:read", T1));

    assertThat(r.suggestion().removeRoles()).containsExactly(READER);
    assertThat(r.suggestion().reasons()).containsExactly("role " + READER + " no longer exists");
  }

  @Test
  void keyNeverVerifiedWithPermissions_getsNoSuggestion_thoughItsGrantsShowUnused() {
    Key key = key(List.of("orders:*"), List.of(READER), "request.method == 'GET'");
    Role reader = role(READER, "reader", List.of("invoices:read"), null);

    AccessReport r = report(key, List.of(reader), evaluated("key", T1));

    assertThat(r.permissionsExercised()).isFalse();
    assertThat(r.suggestion()).isNull();
    assertThat(r.grants()).allMatch(GrantUse::unused);
  }

  @Test
  void usesOfGrantsTheKeyNoLongerHolds_countForNothing() {
    Key key = key(List.of("payments:*"), List.of(), null);

    AccessReport r = report(key, List.of(), used("key", "orders:*", "orders:read", T1));

    assertThat(r.permissionsExercised()).isFalse();
    assertThat(r.suggestion()).isNull();
  }

  @Test
  void aRecordedPermissionTheGrantDoesNotCover_isIgnored_soNothingWidens() {
    Key key = key(List.of("orders:*"), List.of(), null);

    AccessReport r =
        report(
            key,
            List.of(),
            used("key", "orders:*", "payments:refund", T1),
            used("key", "orders:*", "orders:read", T1));

    assertThat(r.grants().getFirst().usedFor())
        .extracting(PermissionUse::permission)
        .containsExactly("orders:read");
    assertThat(r.suggestion().permissions()).containsExactly("orders:read");
  }

  @Test
  void conditions_ofTheKeyAndItsRoles_sayWhetherTheyWereEvaluated() {
    Key key = key(List.of("orders:read"), List.of(READER, BILLING), "request.method == 'GET'");
    Role reader = role(READER, "reader", List.of("invoices:read"), "request.path != '/'");
    Role billing = role(BILLING, "billing", List.of("payments:charge"), null);

    AccessReport r =
        report(key, List.of(reader, billing), evaluated(READER, T1), evaluated(READER, T2));

    assertThat(r.conditions())
        .containsExactly(
            new ConditionUse("key", null, "request.method == 'GET'", false, null),
            new ConditionUse(READER, "reader", "request.path != '/'", true, T2));
  }

  @Test
  void narrowingThatWouldNeedMoreThan64Grants_keepsTheWildcard() {
    Key key = key(List.of("*"), List.of(), null);
    List<AccessUse> uses = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      uses.add(used("key", "*", "r" + i + ":read", T1));
    }

    AccessReport r = AccessAnalysis.of(key, List.of(), uses, 30, FROM, TO);

    assertThat(r.suggestion().permissions()).containsExactly("*");
    assertThat(r.suggestion().narrower()).isFalse();
    assertThat(r.suggestion().reasons())
        .containsExactly("narrowing the wildcards would take more than 64 grants; they are kept");
  }

  @Test
  void aOneDayWindow_readsAsToday() {
    Key key = key(List.of("orders:read", "orders:write"), List.of(), null);

    AccessReport r =
        AccessAnalysis.of(
            key, List.of(), List.of(used("key", "orders:read", "orders:read", T1)), 1, FROM, TO);

    assertThat(r.suggestion().reasons()).containsExactly("orders:write was not used today");
  }
}
