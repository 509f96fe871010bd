package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.api.AccessReport;
import dev.latchkey.api.AccessReport.GrantUse;
import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.api.VerifyKey;
import dev.latchkey.client.LatchkeyClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The least-privilege loop through the API alone: grants given at creation, exercised by {@code
 * keys:verify} with permission queries, reported by {@code access-report}.
 */
class AccessReportEndToEndTest {
  @TempDir Path dir;
  TestServer t;
  LatchkeyClient client;
  IssuedKey key;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    client = t.client();
    String svc = client.services().create(new CreateService("orders", "ord")).id();
    key =
        client
            .keys()
            .create(
                new CreateKey(
                    svc,
                    null,
                    "shop",
                    null,
                    null,
                    null,
                    List.of("orders:*", "audit:read", "*"),
                    null,
                    "request.ip.in_cidr('10.0.0.0/8')",
                    null,
                    null));
  }

  @AfterEach
  void stop() {
    client.close();
    t.close();
  }

  VerifyCode verify(String query) {
    return client
        .keys()
        .verify(
            VerifyKey.of(
                key.key(),
                null,
                query,
                new VerifyKey.Context(new VerifyKey.Request("10.1.1.1", "GET", "/", null, null))))
        .code();
  }

  static GrantUse grant(AccessReport report, String grant) {
    return report.grants().stream().filter(g -> g.grant().equals(grant)).findFirst().orElseThrow();
  }

  @Test
  void verificationsWithQueries_areReported_creditingTheNarrowestGrant() {
    assertThat(verify("orders:read")).isEqualTo(VerifyCode.VALID);
    assertThat(verify("orders:read AND (payments:refund OR orders:list)"))
        .isEqualTo(VerifyCode.VALID);
    t.server().verifier().flushUsage();

    AccessReport report = client.keys().accessReport(key.data().id(), 7);

    assertThat(report.permissionsExercised()).isTrue();
    assertThat(grant(report, "orders:*").usedFor())
        .as("orders:* is narrower than * for orders:read")
        .extracting(AccessReport.PermissionUse::permission)
        .containsExactly("orders:read");
    assertThat(grant(report, "*").usedFor())
        .as("the OR's first satisfied branch is the one exercised: orders:list was not needed")
        .extracting(AccessReport.PermissionUse::permission)
        .containsExactly("payments:refund");
    assertThat(grant(report, "audit:read").unused()).isTrue();
    assertThat(report.conditions())
        .singleElement()
        .satisfies(c -> assertThat(c.evaluated()).isTrue());
    assertThat(report.suggestion().narrower()).isTrue();
    assertThat(report.suggestion().permissions())
        .containsExactlyInAnyOrder("orders:read", "payments:refund");
  }

  @Test
  void aKeyNeverVerifiedWithAQuery_getsNoSuggestion() {
    assertThat(client.keys().verify(key.key()).code()).isEqualTo(VerifyCode.CONDITION_FAILED);
    t.server().verifier().flushUsage();

    AccessReport report = client.keys().accessReport(key.data().id(), 30);

    assertThat(report.permissionsExercised()).isFalse();
    assertThat(report.grants()).allSatisfy(g -> assertThat(g.unused()).isTrue());
    assertThat(report.conditions())
        .singleElement()
        .satisfies(c -> assertThat(c.evaluated()).as("evaluated, and failed").isTrue());
  }
}
