package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.feed.ChangeFollower;
import dev.latchkey.core.feed.FollowerSettings;
import dev.latchkey.core.manage.Bootstrap;
import dev.latchkey.core.manage.Caller;
import dev.latchkey.core.manage.Keys;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.Services;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.core.verify.CacheSettings;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.store.SqlStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two "nodes" on one database, each with its own store handle, cache and follower: what one
 * mutates, the other's follower evicts, with no notification crossing between them (only the poll).
 * The same machinery runs between PostgreSQL nodes, where NOTIFY also wakes the follower.
 */
class ChangeFollowerTest {
  @TempDir Path dir;
  final MutableClock clock = MutableClock.startingNow();
  Store storeA;
  Store storeB;
  Verifier verifierA;
  Verifier verifierB;
  ChangeFollower followerB;
  Mutations mutationsA;
  String workspace;
  String service;

  @BeforeEach
  void twoNodes() {
    storeA = SqlStores.openSqlite(dir.resolve("latchkey.db"));
    storeB = SqlStores.openSqlite(dir.resolve("latchkey.db"));
    verifierA = Verifier.create(storeA, clock, CacheSettings.defaults());
    verifierB = Verifier.create(storeB, clock, CacheSettings.defaults());
    mutationsA = new Mutations(storeA, verifierA, clock);
    workspace = new Bootstrap(storeA, mutationsA).run(Optional.empty(), k -> {}).workspaceId();
    service =
        mutationsA
            .run(caller(), m -> new Services(storeA).create(m, new CreateService("s", "s")))
            .id();
    followerB =
        ChangeFollower.start(
            storeB,
            verifierB,
            clock,
            new FollowerSettings(Duration.ofMillis(50), Duration.ofMinutes(5)));
  }

  @AfterEach
  void stop() {
    followerB.close();
    storeA.close();
    storeB.close();
  }

  private Caller caller() {
    return new Caller(Principal.system(workspace), "test", "local");
  }

  private IssuedKey newKey() {
    return mutationsA.run(
        caller(),
        m ->
            new Keys(storeA, clock, dev.latchkey.core.access.condition.Conditions.create())
                .create(
                    m,
                    new CreateKey(
                        service, null, null, null, null, null, null, null, null, null, null)));
  }

  @Test
  void revocationThroughA_reachesBsCache() {
    IssuedKey key = newKey();
    assertThat(verifierB.verify(workspace, key.key()).code()).isEqualTo(VerifyCode.VALID); // cached
    mutationsA.run(
        caller(),
        m ->
            new Keys(storeA, clock, dev.latchkey.core.access.condition.Conditions.create())
                .revoke(m, key.data().id(), new RevokeKey(null)));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> verifierB.verify(workspace, key.key()).code() == VerifyCode.REVOKED);
    assertThat(followerB.position()).isEqualTo(storeA.read(tx -> tx.changes().lastSeq()));
  }

  @Test
  void prunedFeed_flushesTheWholeCache() {
    IssuedKey key = newKey();
    assertThat(verifierB.verify(workspace, key.key()).code()).isEqualTo(VerifyCode.VALID);
    followerB.close(); // B is cut off from the feed
    long position = followerB.position();
    mutationsA.run(
        caller(),
        m ->
            new Keys(storeA, clock, dev.latchkey.core.access.condition.Conditions.create())
                .revoke(m, key.data().id(), new RevokeKey(null)));
    newKey();
    newKey();
    storeA.write(tx -> tx.changes().deleteOlderThan(Instant.now().plusSeconds(3600)));
    assertThat(verifierB.verify(workspace, key.key()).code())
        .as("stale while cut off")
        .isEqualTo(VerifyCode.VALID);
    try (ChangeFollower resumed =
        ChangeFollower.resumeFrom(
            position,
            storeB,
            verifierB,
            clock,
            new FollowerSettings(Duration.ofMillis(50), Duration.ofMinutes(5)))) {
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> verifierB.verify(workspace, key.key()).code() == VerifyCode.REVOKED);
    }
  }

  @Test
  void feedBehindThePosition_asAfterARestore_flushesTheWholeCache() {
    IssuedKey key = newKey();
    assertThat(verifierB.verify(workspace, key.key()).code()).isEqualTo(VerifyCode.VALID);
    followerB.close();
    mutationsA.run(
        caller(),
        m ->
            new Keys(storeA, clock, dev.latchkey.core.access.condition.Conditions.create())
                .revoke(m, key.data().id(), new RevokeKey(null)));
    long ahead = storeA.read(tx -> tx.changes().lastSeq()) + 1_000;
    try (ChangeFollower resumed =
        ChangeFollower.resumeFrom(
            ahead,
            storeB,
            verifierB,
            clock,
            new FollowerSettings(Duration.ofMillis(50), Duration.ofMinutes(5)))) {
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> verifierB.verify(workspace, key.key()).code() == VerifyCode.REVOKED);
      await().atMost(Duration.ofSeconds(5)).until(() -> resumed.position() < ahead);
    }
  }

  @Test
  void withoutTheFeed_theCacheIsTrustedOnlyUntilStaleMax() {
    IssuedKey key = newKey();
    assertThat(verifierB.verify(workspace, key.key()).code()).isEqualTo(VerifyCode.VALID);
    assertThat(followerB.isFresh()).isTrue();
    followerB.close(); // the feed is not read any more
    clock.advance(Duration.ofMinutes(4));
    assertThat(followerB.isFresh()).isTrue();
    assertThat(verifierB.verify(workspace, key.key()).code()).isEqualTo(VerifyCode.VALID);
    clock.advance(Duration.ofMinutes(2));
    assertThat(followerB.isFresh()).isFalse();
    storeB.close(); // the store is gone too: an untrusted cache must not answer
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> verifierB.verify(workspace, key.key()))
        .isInstanceOf(dev.latchkey.core.store.StoreException.class);
  }
}
