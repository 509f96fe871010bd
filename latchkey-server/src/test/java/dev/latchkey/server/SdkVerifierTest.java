package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.latchkey.api.Consumer;
import dev.latchkey.api.CreateConsumer;
import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateRole;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.RateLimit;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.Role;
import dev.latchkey.api.RotateKey;
import dev.latchkey.api.UpdateConsumer;
import dev.latchkey.api.UpdateKey;
import dev.latchkey.api.UpdateRole;
import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.api.VerifyKey;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.LatchkeyConnectionException;
import dev.latchkey.client.Verifier;
import dev.latchkey.core.testing.MutableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's {@link Verifier} against a real server: what it answers from memory, how each kind of
 * change reaches it through {@code GET /v1/events}, and what it does when the server is gone.
 */
class SdkVerifierTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  TestServer t;
  LatchkeyClient client;
  String service;
  final List<Verifier> verifiers = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // fixed, so that a restart comes back where the SDK looks
    }
    t = new TestServer(dir, c -> c.withPort(port).withHeartbeat(Duration.ofMillis(200)));
    client = t.client();
    service = client.services().create(new dev.latchkey.api.CreateService("orders", "ord")).id();
  }

  @AfterEach
  void stop() {
    verifiers.forEach(Verifier::close);
    client.close();
    t.close();
  }

  Verifier verifier(java.util.function.UnaryOperator<Verifier.Builder> tuning) {
    Verifier verifier =
        tuning
            .apply(
                Verifier.builder()
                    .baseUri(t.uri())
                    .rootKey(t.rootKey)
                    .timeout(Duration.ofSeconds(5)))
            .build();
    verifiers.add(verifier);
    return verifier;
  }

  Verifier following() {
    Verifier verifier = verifier(b -> b);
    await().atMost(WAIT).until(() -> verifier.status().following());
    return verifier;
  }

  IssuedKey key(CreateKey body) {
    return client.keys().create(body);
  }

  IssuedKey key() {
    return key(CreateKey.of(service));
  }

  static CreateKey withPermissions(String service, List<String> permissions, List<String> roles) {
    return CreateKey.of(service).withPermissions(permissions).withRoles(roles);
  }

  /** Verifies until the verdict's code is {@code code}, then returns the verdict. */
  static Verdict awaitCode(Supplier<Verdict> verify, VerifyCode code) {
    return await().atMost(WAIT).until(verify::get, v -> v.code() == code);
  }

  @Test
  void aVerdictIsAnsweredFromMemoryUntilTheFeedSaysTheKeyWasRevoked() {
    Verifier verifier = following();
    Verifier blind = verifier(b -> b.followChanges(false)); // the control: no feed
    IssuedKey issued = key();
    assertThat(verifier.verify(issued.key(), "orders").code()).isEqualTo(VerifyCode.VALID);
    assertThat(blind.verify(issued.key(), "orders").code()).isEqualTo(VerifyCode.VALID);
    assertThat(verifier.verify(issued.key(), "orders").code()).isEqualTo(VerifyCode.VALID);
    assertThat(verifier.status().hits()).isEqualTo(1);
    assertThat(verifier.status().misses()).isEqualTo(1);

    client.keys().revoke(issued.data().id(), new RevokeKey("leaked"));
    awaitCode(() -> verifier.verify(issued.key(), "orders"), VerifyCode.REVOKED);
    // Without the feed, the verdict in memory still stands: the feed is what evicted it.
    assertThat(blind.verify(issued.key(), "orders").code()).isEqualTo(VerifyCode.VALID);
    // A revoked key is kept as revoked: asking again costs the server nothing.
    long misses = verifier.status().misses();
    assertThat(verifier.verify(issued.key(), "orders").code()).isEqualTo(VerifyCode.REVOKED);
    assertThat(verifier.status().misses()).isEqualTo(misses);
  }

  @Test
  void disablingReenablingAndChangingPermissionsReachTheVerifier() {
    Verifier verifier = following();
    IssuedKey issued = key(withPermissions(service, List.of("orders:read"), null));
    String id = issued.data().id();
    VerifyKey read = VerifyKey.of(issued.key(), "orders", "orders:read", null);
    assertThat(verifier.verify(read).code()).isEqualTo(VerifyCode.VALID);
    assertThat(verifier.verify(read).code()).isEqualTo(VerifyCode.VALID);
    assertThat(verifier.status().hits()).isEqualTo(1);

    client.keys().update(id, UpdateKey.of(null, null, null, false));
    awaitCode(() -> verifier.verify(read), VerifyCode.DISABLED);
    client.keys().update(id, UpdateKey.of(null, null, null, true));
    awaitCode(() -> verifier.verify(read), VerifyCode.VALID);
    client
        .keys()
        .update(id, new UpdateKey(null, null, null, null, List.of(), null, null, null, null));
    Verdict denied = awaitCode(() -> verifier.verify(read), VerifyCode.INSUFFICIENT_PERMISSIONS);
    assertThat(denied.missingPermissions()).containsExactly("orders:read");
  }

  @Test
  void aRotatedOutSecretIsAskedEveryTimeAndDeniedOnceItsGraceEnds() {
    Verifier verifier = following();
    IssuedKey issued = key();
    assertThat(verifier.verify(issued.key()).valid()).isTrue();
    IssuedKey rotated = client.keys().rotate(issued.data().id(), new RotateKey("PT1M"));
    Verdict old = awaitCode(() -> verifier.verify(issued.key()), VerifyCode.VALID);
    await().atMost(WAIT).until(() -> verifier.verify(issued.key()).previousSecretUsed() != null);
    long misses = verifier.status().misses();
    verifier.verify(issued.key());
    verifier.verify(issued.key());
    assertThat(verifier.status().misses())
        .as("the server sees every use of a retiring secret")
        .isEqualTo(misses + 2);
    assertThat(old.valid()).isTrue();
    assertThat(verifier.verify(rotated.key()).valid()).isTrue();
    t.clock.advance(Duration.ofMinutes(2));
    assertThat(verifier.verify(issued.key()).code()).isEqualTo(VerifyCode.EXPIRED);
  }

  @Test
  void aChangeOfTheConsumerOrOfARoleReachesTheVerdictsOfItsKeys() {
    Verifier verifier = following();
    Consumer acme = client.consumers().create(CreateConsumer.of("acme"));
    IssuedKey ofAcme = key(CreateKey.of(service).withConsumer(acme.id()));
    assertThat(verifier.verify(ofAcme.key())).satisfies(v -> assertThat(v.rateLimit()).isNull());
    assertThat(verifier.verify(ofAcme.key()).valid()).isTrue();
    client
        .consumers()
        .update(
            acme.id(),
            new UpdateConsumer(
                null, null, null, List.of(RateLimit.of("requests", 100, "PT1M")), null));
    Verdict limited =
        await().atMost(WAIT).until(() -> verifier.verify(ofAcme.key()), v -> v.rateLimit() != null);
    assertThat(limited.rateLimit().limit()).isEqualTo(100);

    Role reader =
        client.roles().create(new CreateRole("reader", null, List.of("orders:read"), null));
    IssuedKey withRole = key(withPermissions(service, null, List.of(reader.id())));
    VerifyKey read = VerifyKey.of(withRole.key(), null, "orders:read", null);
    assertThat(verifier.verify(read).code()).isEqualTo(VerifyCode.VALID);
    assertThat(verifier.verify(read).code()).isEqualTo(VerifyCode.VALID);
    client
        .roles()
        .update(reader.id(), new UpdateRole(null, Optional.empty(), List.of("orders:list"), null));
    awaitCode(() -> verifier.verify(read), VerifyCode.INSUFFICIENT_PERMISSIONS);
  }

  @Test
  void verdictsThatDependOnTheRequestOrSpendAreNeverAnsweredFromMemory() {
    Verifier verifier = following();
    IssuedKey conditional = key(CreateKey.of(service).withCondition("request.method == 'GET'"));
    VerifyKey get =
        new VerifyKey(
            conditional.key(),
            null,
            null,
            new VerifyKey.Context(new VerifyKey.Request("10.0.0.1", "GET", "/", null, null)),
            null,
            null);
    VerifyKey post =
        new VerifyKey(
            conditional.key(),
            null,
            null,
            new VerifyKey.Context(new VerifyKey.Request("10.0.0.1", "POST", "/", null, null)),
            null,
            null);
    assertThat(verifier.verify(get).conditional()).isTrue();
    assertThat(verifier.verify(get).valid()).isTrue();
    assertThat(verifier.verify(post).code()).isEqualTo(VerifyCode.CONDITION_FAILED);
    assertThat(verifier.status().hits()).isZero();

    IssuedKey limited =
        key(CreateKey.of(service).withLimits(List.of(RateLimit.of("requests", 2, "PT1H"))));
    assertThat(verifier.verify(limited.key()).valid()).isTrue();
    assertThat(verifier.verify(limited.key()).valid()).isTrue();
    assertThat(verifier.verify(limited.key()).code()).isEqualTo(VerifyCode.RATE_LIMITED);
    assertThat(verifier.status().hits()).isZero();
    // An unknown secret names no key, so no change could evict it: always asked.
    verifier.verify("lk_ord_" + "A".repeat(40));
    verifier.verify("lk_ord_" + "A".repeat(40));
    assertThat(verifier.status().hits()).isZero();
    // What no key looks like is malformed without asking.
    long asked = verifier.status().misses();
    assertThat(verifier.verify("x".repeat(300)).code()).isEqualTo(VerifyCode.MALFORMED);
    assertThat(verifier.verify("lk_ord_ with space").code()).isEqualTo(VerifyCode.MALFORMED);
    assertThat(verifier.status().misses()).isEqualTo(asked);
  }

  @Test
  void withTheServerGoneAVerdictIsAnsweredForTheStalenessBoundThenTheVerifierRefuses() {
    MutableClock clock = MutableClock.startingNow();
    Verifier verifier = verifier(b -> b.clock(clock).maxStaleness(Duration.ofSeconds(30)));
    await().atMost(WAIT).until(() -> verifier.status().following());
    IssuedKey issued = key();
    assertThat(verifier.verify(issued.key()).valid()).isTrue();
    t.close();
    clock.advance(Duration.ofSeconds(29));
    assertThat(verifier.verify(issued.key()).valid()).isTrue();
    clock.advance(Duration.ofSeconds(2));
    assertThatThrownBy(() -> verifier.verify(issued.key()))
        .isInstanceOf(LatchkeyConnectionException.class)
        .hasMessageNotContaining(issued.key());
  }

  @Test
  void afterARestartTheFeedIsFollowedAgainWithoutLosingAChange() {
    Verifier verifier = following();
    IssuedKey issued = key();
    assertThat(verifier.verify(issued.key()).valid()).isTrue();
    t.restart();
    await().atMost(WAIT).until(() -> verifier.status().following());
    assertThat(verifier.verify(issued.key()).valid()).isTrue();
    client.keys().revoke(issued.data().id(), new RevokeKey("after the restart"));
    awaitCode(() -> verifier.verify(issued.key()), VerifyCode.REVOKED);
  }

  @Test
  void aRootKeyWithoutEventsReadStillVerifiesWithinTheStalenessBound() {
    String verifyOnly =
        client
            .rootKeys()
            .create(dev.latchkey.api.CreateRootKey.of("verify-only", List.of("keys.verify")))
            .key();
    MutableClock clock = MutableClock.startingNow();
    Verifier verifier =
        verifier(b -> b.rootKey(verifyOnly).clock(clock).maxStaleness(Duration.ofSeconds(30)));
    IssuedKey issued = key();
    assertThat(verifier.verify(issued.key()).valid()).isTrue();
    assertThat(verifier.verify(issued.key()).valid()).isTrue();
    assertThat(verifier.status().hits()).isEqualTo(1);
    assertThat(verifier.status().following()).isFalse();
    client.keys().revoke(issued.data().id(), new RevokeKey("x"));
    clock.advance(Duration.ofSeconds(31));
    assertThat(verifier.verify(issued.key()).code()).isEqualTo(VerifyCode.REVOKED);
  }
}
