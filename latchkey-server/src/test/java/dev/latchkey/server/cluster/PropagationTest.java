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

  private static void assertDeniedWithinBound(String what, List<Denial> denials, String code) {
    System.out.printf(
        "propagation of %s through A: %s%n",
        what, String.join(", ", denials.stream().map(Denial::toString).toList()));
    for (Denial d : denials) {
      assertThat(d.verdict()).as("what %s answers after the %s", d.node(), what).isEqualTo(code);
      assertThat(d.after())
          .as("%s's delay after the %s", d.node(), what)
          .isLessThanOrEqualTo(BOUND);
    }
  }

  @Test
  void revokedThroughA_isDeniedByBAndC_within250ms() throws Exception {
    IssuedKey key = cachedOnBAndC("");

    List<Denial> denials =
        Denials.after(
            () ->
                assertThat(a.post("/v1/keys/" + key.id() + ":revoke", "{}").status())
                    .isEqualTo(200),
            key.secret(),
            b,
            c);

    assertDeniedWithinBound("revocation", denials, "REVOKED");
    assertThat(a.verdict(key.secret())).isEqualTo("REVOKED");
    eventsOnB.awaitChange(key.id(), "revoked", EVENT_WAIT);
  }

  @Test
  void disabledThroughA_isDeniedByBAndC_within250ms() throws Exception {
    IssuedKey key = cachedOnBAndC("");

    List<Denial> denials =
        Denials.after(
            () ->
                assertThat(a.patch("/v1/keys/" + key.id(), "{\"enabled\":false}").status())
                    .isEqualTo(200),
            key.secret(),
            b,
            c);

    assertDeniedWithinBound("disabling", denials, "DISABLED");
    assertThat(a.verdict(key.secret())).isEqualTo("DISABLED");
    eventsOnB.awaitChange(key.id(), "updated", EVENT_WAIT);
  }

  @Test
  void rotatedThroughAWithoutGrace_oldSecretIsDeniedByBAndC_within250ms_newOneAccepted()
      throws Exception {
    IssuedKey key = cachedOnBAndC("");
    String[] rotated = new String[1];

    List<Denial> denials =
        Denials.after(
            () -> {
              var r = a.post("/v1/keys/" + key.id() + ":rotate", "{\"grace_period\":\"PT0S\"}");
              assertThat(r.status()).isEqualTo(200);
              rotated[0] = r.json().get("key").asText();
            },
            key.secret(),
            b,
            c);

    assertDeniedWithinBound("rotation", denials, "EXPIRED");
    assertThat(a.verdict(key.secret())).isEqualTo("EXPIRED");
    for (Node node : List.of(a, b, c)) {
      assertThat(node.verdict(rotated[0])).as("the new secret on %s", node.name).isEqualTo("VALID");
    }
    eventsOnB.awaitChange(key.id(), "rotated", EVENT_WAIT);
  }

  @Test
  void expiredKey_isDeniedByBAndC_assoonAsTheClockPassesItsDeadline() throws Exception {
    String expiresAt = cluster.clock.instant().plusSeconds(60).toString();
    IssuedKey key = cachedOnBAndC("\"expires_at\":\"" + expiresAt + "\"");

    List<Denial> denials =
        Denials.after(() -> cluster.clock.advance(Duration.ofSeconds(61)), key.secret(), b, c);

    assertDeniedWithinBound("expiry", denials, "EXPIRED");
    assertThat(a.verdict(key.secret())).isEqualTo("EXPIRED");
  }
}
