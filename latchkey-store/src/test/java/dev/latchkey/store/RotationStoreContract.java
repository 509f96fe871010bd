package dev.latchkey.store;

import static dev.latchkey.store.Fixtures.at;
import static dev.latchkey.store.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.api.Service;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.DueRotation;
import dev.latchkey.core.store.DuplicateException;
import dev.latchkey.core.store.KeyRow;
import dev.latchkey.core.store.OneTimeLinkRow;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.RotationPolicyRow;
import dev.latchkey.core.store.RotationRow;
import dev.latchkey.core.store.SinkRow;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sinks, rotation policies, rotations and one-time links: run against SQLite and PostgreSQL. */
abstract class RotationStoreContract {
  static final Duration DAY = Duration.ofDays(1);
  static final Duration HOUR = Duration.ofHours(1);

  protected abstract Store openStore();

  protected Store store;
  protected String ws;
  protected Service service;

  @BeforeEach
  void openAndSeed() {
    store = openStore();
    ws = Fixtures.workspace(store);
    service = Fixtures.service("payments");
    write(store, tx -> tx.services().insert(ws, service));
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  KeyRow key() {
    KeyRow k = Fixtures.key(ws, service.id(), null);
    write(store, tx -> tx.keys().insert(k));
    return k;
  }

  SinkRow sink(String name) {
    SinkRow s =
        new SinkRow(
            Ids.newId("snk"), ws, name, "file", Map.of("path", "pay/key"), "sealed", at(0), at(0));
    write(store, tx -> tx.sinks().insert(s));
    return s;
  }

  void policy(String type, String target, Duration maxAge, Duration beforeExpiry, String sink) {
    write(
        store,
        tx ->
            tx.rotationPolicies()
                .put(
                    new RotationPolicyRow(
                        ws, type, target, maxAge, beforeExpiry, HOUR, sink, at(0))));
  }

  List<DueRotation> due(Instant when, boolean withSink) {
    return store.read((Tx tx) -> tx.rotationPolicies().due(when, when, 100, withSink));
  }

  RotationRow pending(KeyRow k, String sinkId) {
    RotationRow r =
        RotationRow.pending(Ids.newId("rot"), ws, k.id(), "schedule", sinkId, HOUR, at(0));
    write(store, tx -> tx.rotations().insert(r));
    return r;
  }

  @Test
  void sinks_roundTrip_uniqueNames_andWhetherAPolicyUsesThem() {
    SinkRow s = sink("vault");
    assertThat(store.read((Tx tx) -> tx.sinks().find(ws, s.id()))).contains(s);
    assertThatThrownBy(() -> sink("vault")).isInstanceOf(DuplicateException.class);
    assertThat(store.read((Tx tx) -> tx.sinks().isUsed(ws, s.id()))).isFalse();
    policy(RotationPolicyRow.SERVICE, service.id(), DAY, null, s.id());
    assertThat(store.read((Tx tx) -> tx.sinks().isUsed(ws, s.id()))).isTrue();
    SinkRow renamed =
        new SinkRow(s.id(), ws, "vault2", "file", Map.of(), null, s.createdAt(), at(5));
    write(store, tx -> tx.sinks().update(renamed));
    assertThat(store.read((Tx tx) -> tx.sinks().find(ws, s.id()))).contains(renamed);
    assertThat(store.read((Tx tx) -> tx.sinks().list(ws, PageRequest.first(10))).items())
        .containsExactly(renamed);
    assertThat(store.write((Tx tx) -> tx.sinks().delete(ws, s.id()))).isTrue();
    assertThat(store.read((Tx tx) -> tx.sinks().find(ws, s.id()))).isEmpty();
  }

  @Test
  void policy_putReplaces_andDeleteRemoves() {
    policy(RotationPolicyRow.SERVICE, service.id(), DAY, null, null);
    policy(RotationPolicyRow.SERVICE, service.id(), null, HOUR, null);
    RotationPolicyRow found =
        store
            .read(tx -> tx.rotationPolicies().find(ws, RotationPolicyRow.SERVICE, service.id()))
            .orElseThrow();
    assertThat(found.maxAge()).isNull();
    assertThat(found.rotateBeforeExpiry()).isEqualTo(HOUR);
    assertThat(
            store.write(
                (Tx tx) ->
                    tx.rotationPolicies().delete(ws, RotationPolicyRow.SERVICE, service.id())))
        .isTrue();
    assertThat(
            store.write(
                (Tx tx) ->
                    tx.rotationPolicies().delete(ws, RotationPolicyRow.SERVICE, service.id())))
        .isFalse();
  }

  @Test
  void due_byMaxAge_fromCreationOrLastRotation_withTheKeysOwnPolicyOverridingItsService() {
    SinkRow s = sink("files");
    KeyRow plain = key();
    KeyRow own = key();
    policy(RotationPolicyRow.SERVICE, service.id(), DAY, null, s.id());
    policy(RotationPolicyRow.KEY, own.id(), DAY.multipliedBy(2), null, s.id());

    assertThat(due(at(0).plus(DAY).minusMillis(1), true)).isEmpty();
    List<DueRotation> oneDay = due(at(0).plus(DAY), true);
    assertThat(oneDay).extracting(DueRotation::keyId).containsExactly(plain.id());
    assertThat(oneDay.getFirst().policy().targetType()).isEqualTo(RotationPolicyRow.SERVICE);
    assertThat(oneDay.getFirst().dueAt()).isEqualTo(at(0).plus(DAY));
    assertThat(due(at(0).plus(DAY.multipliedBy(2)), true))
        .extracting(DueRotation::keyId)
        .containsExactlyInAnyOrder(plain.id(), own.id());
    assertThat(due(at(0).plus(DAY.multipliedBy(2)), false)).isEmpty();

    KeyRow rotated = Fixtures.rotated(plain, at(0).plus(DAY));
    write(store, tx -> tx.keys().update(rotated));
    assertThat(due(at(0).plus(DAY).plus(HOUR), true)).isEmpty();
  }

  @Test
  void due_beforeExpiry_andNeverForDeadKeysOrKeysWithAPendingRotation() {
    KeyRow expiring = Fixtures.withState(key(), true, at(0).plus(DAY), null);
    KeyRow disabled = Fixtures.withState(key(), false, at(0).plus(DAY), null);
    KeyRow revoked = Fixtures.withState(key(), true, at(0).plus(DAY), at(1));
    KeyRow never = key();
    write(
        store,
        tx -> {
          tx.keys().update(expiring);
          tx.keys().update(disabled);
          tx.keys().update(revoked);
        });
    policy(RotationPolicyRow.SERVICE, service.id(), null, HOUR, null);

    assertThat(due(at(0).plus(DAY).minus(HOUR).minusMillis(1), false)).isEmpty();
    assertThat(due(at(0).plus(DAY).minus(HOUR), false))
        .extracting(DueRotation::keyId)
        .containsExactly(expiring.id());
    assertThat(due(at(0).plus(DAY), false)).isEmpty(); // expired by then
    assertThat(never.expiresAt()).isNull();

    pending(expiring, null);
    assertThat(due(at(0).plus(DAY).minus(HOUR), false)).isEmpty();
  }

  @Test
  void rotations_onePendingPerKey_leasedToOneNodeAtATime() {
    KeyRow k = key();
    RotationRow r = pending(k, null);
    assertThatThrownBy(() -> pending(k, null)).isInstanceOf(DuplicateException.class);

    Instant now = at(10);
    List<RotationRow> a =
        store.write((Tx tx) -> tx.rotations().claimDue("node-a", now, now.plusSeconds(60), 10));
    assertThat(a).extracting(RotationRow::id).containsExactly(r.id());
    assertThat(
            store.write((Tx tx) -> tx.rotations().claimDue("node-b", now, now.plusSeconds(60), 10)))
        .isEmpty();
    Digest d = Fixtures.digest();
    assertThat(
            store.write(
                (Tx tx) -> tx.rotations().begin(r.id(), "node-b", d, 1, now, now.plusSeconds(60))))
        .isFalse();
    assertThat(
            store.write(
                (Tx tx) -> tx.rotations().begin(r.id(), "node-a", d, 1, now, now.plusSeconds(60))))
        .isTrue();

    Instant later = now.plusSeconds(61);
    List<RotationRow> b =
        store.write((Tx tx) -> tx.rotations().claimDue("node-b", later, later.plusSeconds(60), 10));
    assertThat(b).singleElement().satisfies(x -> assertThat(x.pendingDigest()).isEqualTo(d));
    assertThat(store.write((Tx tx) -> tx.rotations().complete(r.id(), "node-a", "x", later)))
        .isFalse();
    assertThat(store.write((Tx tx) -> tx.rotations().complete(r.id(), "node-b", "file:x", later)))
        .isTrue();

    RotationRow done = store.read((Tx tx) -> tx.rotations().find(ws, r.id())).orElseThrow();
    assertThat(done.status()).isEqualTo(RotationRow.DONE);
    assertThat(done.location()).isEqualTo("file:x");
    assertThat(done.pendingDigest()).isNull();
    assertThat(store.read((Tx tx) -> tx.rotations().pendingOf(ws, k.id()))).isEmpty();
    pending(k, null); // a new one may start once the last is done
    assertThat(
            store.read((Tx tx) -> tx.rotations().ofKey(ws, k.id(), PageRequest.first(10))).items())
        .hasSize(2);
  }

  @Test
  void failedAttempt_releasesTheLease_untilTheNextAttemptIsDue() {
    KeyRow k = key();
    RotationRow r = pending(k, null);
    Instant now = at(10);
    store.write((Tx tx) -> tx.rotations().claimDue("node-a", now, now.plusSeconds(60), 10));
    Instant retry = now.plusSeconds(30);
    assertThat(store.write((Tx tx) -> tx.rotations().fail(r.id(), "node-a", "refused", retry, now)))
        .isTrue();
    assertThat(
            store.write((Tx tx) -> tx.rotations().claimDue("node-b", now, now.plusSeconds(60), 10)))
        .isEmpty();
    assertThat(
            store.write(
                (Tx tx) -> tx.rotations().claimDue("node-b", retry, retry.plusSeconds(60), 10)))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.lastError()).isEqualTo("refused");
              assertThat(x.pendingDigest()).isNull();
            });
    assertThat(store.write((Tx tx) -> tx.rotations().cancel(r.id(), "node-b", "revoked", retry)))
        .isTrue();
    assertThat(store.read((Tx tx) -> tx.rotations().find(ws, r.id())).orElseThrow().status())
        .isEqualTo(RotationRow.CANCELLED);
  }

  @Test
  void secrets_canBeDeleted() {
    KeyRow k = key();
    var secret = Fixtures.secret(ws, k.id(), at(0));
    write(store, tx -> tx.secrets().insert(secret));
    write(store, tx -> tx.secrets().delete(ws, secret.digest()));
    assertThat(store.read((Tx tx) -> tx.secrets().ofOwner(ws, k.id()))).isEmpty();
  }

  @Test
  void oneTimeLink_isTakenOnce_andNotAfterExpiry() {
    KeyRow k = key();
    OneTimeLinkRow link = link(k, at(0).plusSeconds(600));
    OneTimeLinkRow late = link(k, at(0).plusSeconds(5));
    assertThat(store.read((Tx tx) -> tx.oneTimeLinks().findByToken(link.tokenDigest())))
        .hasValueSatisfying(l -> assertThat(l.sealedSecret()).isEqualTo("sealed"));
    assertThat(store.write((Tx tx) -> tx.oneTimeLinks().take(link.id(), at(10), "127.0.0.1")))
        .isTrue();
    assertThat(store.write((Tx tx) -> tx.oneTimeLinks().take(link.id(), at(11), "127.0.0.1")))
        .isFalse();
    OneTimeLinkRow taken =
        store.read((Tx tx) -> tx.oneTimeLinks().findByToken(link.tokenDigest())).orElseThrow();
    assertThat(taken.sealedSecret()).isNull();
    assertThat(taken.fetchedAt()).isEqualTo(at(10));
    assertThat(taken.fetchedFrom()).isEqualTo("127.0.0.1");

    Instant after = at(0).plusSeconds(5);
    assertThat(store.write((Tx tx) -> tx.oneTimeLinks().take(late.id(), after, "x"))).isFalse();
    assertThat(store.write((Tx tx) -> tx.oneTimeLinks().forgetExpired(after))).isEqualTo(1);
    assertThat(
            store
                .read(tx -> tx.oneTimeLinks().findByToken(late.tokenDigest()))
                .orElseThrow()
                .sealedSecret())
        .isNull();
  }

  OneTimeLinkRow link(KeyRow k, Instant expiresAt) {
    OneTimeLinkRow l =
        new OneTimeLinkRow(
            Ids.newId("otl"),
            ws,
            k.id(),
            Fixtures.digest(),
            "sealed",
            expiresAt,
            at(0),
            null,
            null);
    write(store, tx -> tx.oneTimeLinks().insert(l));
    return l;
  }
}
