package dev.latchkey.bench.cluster;

import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.feed.ChangeFollower;
import dev.latchkey.core.feed.FollowerSettings;
import dev.latchkey.core.manage.Bootstrap;
import dev.latchkey.core.manage.Caller;
import dev.latchkey.core.manage.Keys;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.Services;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.verify.CacheSettings;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.store.SqlStores;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Three nodes as the server wires them, without HTTP: each its own store (own pools and
 * notification listener), verifier and change follower (default settings: NOTIFY to wake, a poll
 * every 200 ms). Verdicts are read from B's and C's verifiers directly.
 *
 * <p>With {@code notify} false, B and C follow through a {@link NoNotifyStore}: they learn of A's
 * revocations by their 200 ms poll alone, as every node would if notifications were lost.
 */
final class InProcessCluster implements Cluster {
  private final Clock clock = Clock.systemUTC();
  private final List<Store> stores = new ArrayList<>();
  private final List<Verifier> verifiers = new ArrayList<>();
  private final List<ChangeFollower> followers = new ArrayList<>();
  private final boolean notify;
  private Mutations mutations;
  private Keys keys;
  private Caller caller;
  private String serviceId;

  private InProcessCluster(boolean notify) {
    this.notify = notify;
  }

  static InProcessCluster start(String databaseUrl, boolean notify) {
    InProcessCluster cluster = new InProcessCluster(notify);
    try {
      cluster.open(databaseUrl);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void open(String databaseUrl) {
    for (int node = 0; node < 3; node++) {
      Store store = SqlStores.openPostgres(databaseUrl);
      stores.add(store);
      Store followed = notify || node == 0 ? store : new NoNotifyStore(store);
      Verifier verifier = Verifier.create(followed, clock, CacheSettings.defaults());
      verifiers.add(verifier);
      followers.add(ChangeFollower.start(followed, verifier, clock, FollowerSettings.defaults()));
    }
    Store a = stores.get(0);
    mutations = new Mutations(a, verifiers.get(0), clock);
    keys = new Keys(a, clock, dev.latchkey.core.access.condition.Conditions.create());
    String workspace = new Bootstrap(a, mutations).run(Optional.empty(), k -> {}).workspaceId();
    caller = new Caller(Principal.system(workspace), "bench", "127.0.0.1");
    String name = notify ? "revocation-notify" : "revocation-poll";
    serviceId =
        mutations.run(caller, m -> new Services(a).create(m, new CreateService(name, "rev"))).id();
  }

  @Override
  public String name() {
    return notify
        ? "3 nodes in-process, NOTIFY + 200 ms poll"
        : "3 nodes in-process, 200 ms poll only (NOTIFY ignored)";
  }

  @Override
  public List<Issued> createKeys(int n) {
    List<Issued> issued = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      IssuedKey key =
          mutations.run(
              caller,
              m ->
                  keys.create(
                      m,
                      new CreateKey(
                          serviceId, null, null, null, null, null, null, null, null, null, null)));
      issued.add(new Issued(key.data().id(), key.key()));
    }
    return issued;
  }

  @Override
  public void revoke(String id) {
    mutations.run(caller, m -> keys.revoke(m, id, new RevokeKey(null)));
  }

  @Override
  public String codeOn(int node, String key) {
    return verifiers.get(node).verify(caller.workspaceId(), key).code().name();
  }

  @Override
  public void close() {
    followers.forEach(ChangeFollower::close);
    stores.forEach(Store::close);
  }
}
