package dev.latchkey.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.api.CreateService;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.access.condition.Conditions;
import dev.latchkey.core.manage.Bootstrap;
import dev.latchkey.core.manage.Caller;
import dev.latchkey.core.manage.Keys;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.Services;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.store.AccessUsageRow;
import dev.latchkey.core.store.Credential;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.core.verify.CacheSettings;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.store.SqlStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole-cache eviction (the feed's answer to a gap it cannot replay) while a lookup is between
 * its read of the store and its return: what that lookup read before the eviction must not be
 * served after it.
 */
class EvictAllDuringLoadTest {
  @TempDir Path dir;
  Store store;
  Mutations mutations;
  Caller caller;
  String workspace;
  IssuedKey key;
  final MutableClock clock = MutableClock.startingNow();

  @BeforeEach
  void open() {
    store = SqlStores.openSqlite(dir.resolve("latchkey.db"));
    mutations =
        new Mutations(store, Verifier.create(store, clock, CacheSettings.defaults()), clock);
    workspace = new Bootstrap(store, mutations).run(Optional.empty(), k -> {}).workspaceId();
    caller = new Caller(Principal.system(workspace), "test", "local");
    String service =
        mutations
            .run(caller, m -> new Services(store).create(m, new CreateService("orders", "ord")))
            .id();
    key =
        mutations.run(
            caller,
            m ->
                new Keys(store, clock, Conditions.create())
                    .create(m, dev.latchkey.api.CreateKey.of(service)));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aLoadInFlightDuringEvictAll_isNotServedAfterIt() throws Exception {
    PausingStore pausing = new PausingStore(store);
    Verifier verifier = Verifier.create(pausing, clock, CacheSettings.defaults());

    CompletableFuture<VerifyCode> inFlight =
        CompletableFuture.supplyAsync(() -> verifier.verify(workspace, key.key()).code());
    assertThat(pausing.read.await(10, TimeUnit.SECONDS)).isTrue(); // it has read: VALID
    mutations.run(
        caller,
        m ->
            new Keys(store, clock, Conditions.create())
                .revoke(m, key.data().id(), new RevokeKey("leaked")));
    verifier.evictAll();
    pausing.release.countDown();

    assertThat(inFlight.get(10, TimeUnit.SECONDS))
        .as("it began before the revocation: either answer is a consistent one")
        .isIn(VerifyCode.VALID, VerifyCode.REVOKED);
    assertThat(verifier.verify(workspace, key.key()).code()).isEqualTo(VerifyCode.REVOKED);
  }

  /** The real store, but the first credential lookup waits after reading until released. */
  static final class PausingStore implements Store {
    final CountDownLatch read = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final Store store;

    PausingStore(Store store) {
      this.store = store;
    }

    @Override
    public Optional<Credential> findCredential(Digest digest) {
      Optional<Credential> found = store.findCredential(digest);
      if (read.getCount() > 0) {
        read.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return found;
    }

    @Override
    public <T> T write(Function<Tx, T> work) {
      return store.write(work);
    }

    @Override
    public <T> T read(Function<Tx, T> work) {
      return store.read(work);
    }

    @Override
    public void recordPreviousSecretUse(Map<String, Instant> lastSeenByKeyId) {
      store.recordPreviousSecretUse(lastSeenByKeyId);
    }

    @Override
    public void recordAccessUsage(List<AccessUsageRow> rows) {
      store.recordAccessUsage(rows);
    }

    @Override
    public void recordUsage(
        List<dev.latchkey.core.store.UsageCountRow> counts,
        List<dev.latchkey.core.store.KeyLastUse> lastUses) {
      store.recordUsage(counts, lastUses);
    }

    @Override
    public dev.latchkey.core.limit.CreditSpend spendCredits(
        String workspaceId, List<String> ownerIds, long cost, Instant now) {
      return store.spendCredits(workspaceId, ownerIds, cost, now);
    }

    @Override
    public AutoCloseable onChangesCommitted(Runnable wake) {
      return store.onChangesCommitted(wake);
    }

    @Override
    public boolean isReachable() {
      return store.isReachable();
    }

    @Override
    public void close() {
      // the test closes the real store
    }
  }
}
