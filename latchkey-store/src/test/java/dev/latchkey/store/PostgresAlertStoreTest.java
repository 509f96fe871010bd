package dev.latchkey.store;

import static dev.latchkey.store.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.api.Alert;
import dev.latchkey.api.Service;
import dev.latchkey.core.expiry.ExpiryNotices;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.AlertFilter;
import dev.latchkey.core.store.AlertSignal;
import dev.latchkey.core.store.ClaimedDelivery;
import dev.latchkey.core.store.KeyRow;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import dev.latchkey.core.store.WebhookRow;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The alert and webhook store contract on the real PostgreSQL, plus two nodes racing: raising the
 * same alert, and claiming deliveries.
 */
class PostgresAlertStoreTest extends AlertStoreContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  @Override
  protected Store openStore() {
    return SCHEMA.openEmptied();
  }

  @Test
  void twoNodesRaisingTheSameAlertAtOnce_makeOneAlertCountingEveryOccurrence() throws Exception {
    int each = 20;
    try (Store otherNode = SCHEMA.openAnotherNode()) {
      ExecutorService threads = Executors.newFixedThreadPool(4);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      try {
        for (Store node : List.of(store, otherNode, store, otherNode)) {
          done.add(
              threads.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                      long t = i;
                      node.write(
                          (Tx tx) -> tx.alerts().raise(Ids.newId("alert"), signal(ws, "k", at(t))));
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> f : done) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        threads.shutdownNow();
      }
    }

    List<Alert> alerts = list(ws, AlertFilter.ALL);
    assertThat(alerts).hasSize(1);
    assertThat(alerts.getFirst().count()).isEqualTo(4L * each);
  }

  @Test
  void twoNodesNoticingExpiringKeysAtOnce_makeOneAlertPerKey_andNeitherRaisesItAgain()
      throws Exception {
    Service svc = Fixtures.service("s");
    Fixtures.write(store, tx -> tx.services().insert(ws, svc));
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      KeyRow k =
          Fixtures.withState(
              Fixtures.key(ws, svc.id(), null), true, at(0).plus(Duration.ofDays(1 + i % 3)), null);
      Fixtures.write(store, tx -> tx.keys().insert(k));
      keys.add(k.id());
    }
    Clock clock = Clock.fixed(at(0), ZoneOffset.UTC);
    try (Store otherNode = SCHEMA.openAnotherNode()) {
      List<ExpiryNotices> nodes = new ArrayList<>();
      for (Store node : List.of(store, otherNode)) {
        nodes.add(
            new ExpiryNotices(
                node,
                Duration.ofDays(7),
                (w, rule, severity, type, id, dedup, details, when) ->
                    node.write(
                        (Tx tx) ->
                            tx.alerts()
                                .raise(
                                    Ids.newId("alert"),
                                    new AlertSignal(
                                        w, rule, severity, type, id, dedup, details, when))),
                clock));
      }
      ExecutorService threads = Executors.newFixedThreadPool(2);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> raised = new ArrayList<>();
      try {
        for (var n : nodes) {
          raised.add(
              threads.submit(
                  () -> {
                    start.await();
                    return n.run();
                  }));
        }
        start.countDown();
        int total = 0;
        for (Future<Integer> f : raised) {
          total += f.get(60, TimeUnit.SECONDS);
        }
        assertThat(total).as("each key raised by one node or both").isBetween(6, 12);
      } finally {
        threads.shutdownNow();
      }
      assertThat(nodes.get(0).run()).isZero();
      assertThat(nodes.get(1).run()).isZero();
    }

    List<Alert> alerts = list(ws, AlertFilter.ALL);
    assertThat(alerts).hasSize(6).allSatisfy(a -> assertThat(a.count()).isBetween(1L, 2L));
    assertThat(alerts).extracting(a -> a.subject().id()).containsExactlyInAnyOrderElementsOf(keys);
  }

  @Test
  void twoDispatchersOnOneSchema_neverClaimTheSameDeliveryAtOnce() throws Exception {
    WebhookRow w = webhook(ws, true);
    int total = 60;
    for (int i = 0; i < total; i++) {
      delivery(w, at(0));
    }
    Set<String> claimed = ConcurrentHashMap.newKeySet();
    List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
    try (Store otherNode = SCHEMA.openAnotherNode()) {
      ExecutorService threads = Executors.newFixedThreadPool(2);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      try {
        for (Store node : List.of(store, otherNode)) {
          String name = node == store ? "node-a" : "node-b";
          done.add(
              threads.submit(
                  () -> {
                    start.await();
                    while (true) {
                      List<ClaimedDelivery> got =
                          node.write(
                              (Tx tx) ->
                                  tx.webhooks()
                                      .claimDue(
                                          name, at(1), at(1).plus(Duration.ofSeconds(60)), 3));
                      if (got.isEmpty()) {
                        return null;
                      }
                      for (ClaimedDelivery c : got) {
                        if (!claimed.add(c.delivery().id())) {
                          duplicates.add(c.delivery().id());
                        }
                      }
                    }
                  }));
        }
        start.countDown();
        for (Future<?> f : done) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        threads.shutdownNow();
      }
    }

    assertThat(duplicates).isEmpty();
    assertThat(new HashSet<>(claimed)).hasSize(total);
  }
}
