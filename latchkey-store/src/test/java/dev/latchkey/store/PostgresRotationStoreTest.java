package dev.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.store.KeyRow;
import dev.latchkey.core.store.RotationRow;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rotation store contract on the real PostgreSQL, plus two nodes claiming at once. */
class PostgresRotationStoreTest extends RotationStoreContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  @Override
  protected Store openStore() {
    return SCHEMA.openEmptied();
  }

  @Test
  void twoNodesClaimingAtOnce_neverHoldTheSameRotation() throws Exception {
    int total = 30;
    for (int i = 0; i < total; i++) {
      KeyRow k = key();
      pending(k, null);
    }
    List<String> claims = Collections.synchronizedList(new ArrayList<>());
    Instant now = Fixtures.at(10);
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
                      List<RotationRow> got =
                          node.write(
                              (Tx tx) ->
                                  tx.rotations().claimDue(name, now, now.plusSeconds(60), 2));
                      if (got.isEmpty()) {
                        return null;
                      }
                      got.forEach(r -> claims.add(r.id()));
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
    assertThat(claims).hasSize(total).doesNotHaveDuplicates();
  }
}
