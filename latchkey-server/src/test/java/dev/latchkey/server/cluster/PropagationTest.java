package dev.latchkey.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.server.cluster.Denials.Denial;
import dev.latchkey.server.cluster.Node.IssuedKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes A, B and C on one PostgreSQL schema, each with its own cache and the production
 * follower settings. A key B and C have just verified (so hold in their caches) is changed through
 * A; B and C must stop accepting it within {@link #BOUND} of A's answer. Each figure is printed.
 */
class PropagationTest {
  static final Duration BOUND = Duration.ofMillis(250);
  static final Duration EVENT_WAIT = Duration.ofSeconds(5);

  @TempDir static Path dirs;
  static Cluster cluster;
  static Node a;
  static Node b;
  static Node c;
  static EventStream eventsOnB;
  static String service;

  @BeforeAll
  static void threeNodes() {
    cluster = Cluster.create(dirs);
    a = cluster.start("a");
    b = cluster.start("b");
    c = cluster.start("c");
    service = a.newService("propagation");
    eventsOnB = EventStream.open(b);
  }

  @AfterAll
  static void stop() {
    if (eventsOnB != null) {
      eventsOnB.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A new key of the service that B and C have verified, so hold in their caches. */
  private static IssuedKey cachedOnBAndC(String extraFields) {
    IssuedKey key = a.newKey(service, extraFields);
    assertThat(b.verdict(key.secret())).isEqualTo("VALID");
    assertThat(c.verdict(key.secret())).isEqualTo("VALID");
    return key;
  }

  /**
   * A sample the scheduler delayed (two cores, shared with PostgreSQL) is retried, twice at most.
   */
  static final int ATTEMPTS = 3;

  /** No sample, however unlucky, may take this long: that would be a lost change, not a delay. */
  static final Duration NEVER = Duration.ofSeconds(1);

  @FunctionalInterface
  interface Scenario {
    List<Denial> run() throws Exception;
  }

  /**
   * Runs {@code scenario} (each run on a new key) until B and C both deny within {@link #BOUND}, at
   * most {@link #ATTEMPTS} times; every run must end in the right denial within {@link #NEVER}.
   */
  private static void assertDeniedWithinBound(String what, Scenario scenario, String code)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      List<Denial> denials = scenario.run();
      System.out.printf(
          "propagation of %s through A (attempt %d): %s%n",
          what, attempt, String.join(", ", denials.stream().map(Denial::toString).toList()));
      for (Denial d : denials) {
        assertThat(d.verdict()).as("what %s answers after the %s", d.node(), what).isEqualTo(code);
        assertThat(d.after()).as("%s's delay after the %s", d.node(), what).isLessThan(NEVER);
      }
      boolean within = denials.stream().allMatch(d -> d.after().compareTo(BOUND) <= 0);
      if (within) {
        return;
      }
      assertThat(attempt).as("attempts whose delay exceeded %s", BOUND).isLessThan(ATTEMPTS);
    }
  }

  @Test
  void revokedThroughA_isDeniedByBAndC_within250ms() throws Exception {
    IssuedKey[] key = new IssuedKey[1];
    assertDeniedWithinBound(
        "revocation",
        () -> {
          key[0] = cachedOnBAndC("");
          return Denials.after(
              () ->
                  assertThat(a.post("/v1/keys/" + key[0].id() + ":revoke", "{}").status())
                      .isEqualTo(200),
              key[0].secret(),
              b,
              c);
        },
        "REVOKED");
    assertThat(a.verdict(key[0].secret())).isEqualTo("REVOKED");
    eventsOnB.awaitChange(key[0].id(), "revoked", EVENT_WAIT);
  }

  @Test
  void disabledThroughA_isDeniedByBAndC_within250ms() throws Exception {
    IssuedKey[] key = new IssuedKey[1];
    assertDeniedWithinBound(
        "disabling",
        () -> {
          key[0] = cachedOnBAndC("");
          return Denials.after(
              () ->
                  assertThat(a.patch("/v1/keys/" + key[0].id(), "{\"enabled\":false}").status())
                      .isEqualTo(200),
              key[0].secret(),
              b,
              c);
        },
        "DISABLED");
    assertThat(a.verdict(key[0].secret())).isEqualTo("DISABLED");
    eventsOnB.awaitChange(key[0].id(), "updated", EVENT_WAIT);
  }

  @Test
  void rotatedThroughAWithoutGrace_oldSecretIsDeniedByBAndC_within250ms_newOneAccepted()
      throws Exception {
    IssuedKey[] key = new IssuedKey[1];
    String[] rotated = new String[1];
    assertDeniedWithinBound(
        "rotation",
        () -> {
          key[0] = cachedOnBAndC("");
          return Denials.after(
              () -> {
                var r =
                    a.post("/v1/keys/" + key[0].id() + ":rotate", "{\"grace_period\":\"PT0S\"}");
                assertThat(r.status()).isEqualTo(200);
                rotated[0] = r.json().get("key").asText();
              },
              key[0].secret(),
              b,
              c);
        },
        "EXPIRED");
    assertThat(a.verdict(key[0].secret())).isEqualTo("EXPIRED");
    for (Node node : List.of(a, b, c)) {
      assertThat(node.verdict(rotated[0])).as("the new secret on %s", node.name).isEqualTo("VALID");
    }
    eventsOnB.awaitChange(key[0].id(), "rotated", EVENT_WAIT);
  }

  @Test
  void expirySetThroughA_reachesBAndC_andDeniesOnceTheDeadlinePasses() throws Exception {
    IssuedKey[] key = new IssuedKey[1];
    assertDeniedWithinBound(
        "expiry set through A",
        () -> {
          key[0] = cachedOnBAndC(""); // cached on B and C without any expiry
          String expiresAt = cluster.clock.instant().plusSeconds(60).toString();
          assertThat(
                  a.patch("/v1/keys/" + key[0].id(), "{\"expires_at\":\"" + expiresAt + "\"}")
                      .status())
              .isEqualTo(200);
          eventsOnB.awaitChange(key[0].id(), "updated", EVENT_WAIT); // B has the change
          return Denials.after(
              () -> cluster.clock.advance(Duration.ofSeconds(61)), key[0].secret(), b, c);
        },
        "EXPIRED");
    assertThat(a.verdict(key[0].secret())).isEqualTo("EXPIRED");
  }
}
