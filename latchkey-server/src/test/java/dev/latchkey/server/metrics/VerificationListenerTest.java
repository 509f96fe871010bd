package dev.latchkey.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.api.Verdict;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.StoreException;
import dev.latchkey.core.verify.CacheSettings;
import dev.latchkey.core.verify.VerificationListener;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.store.SqlStores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier reports every verdict and every failure to its listener, and counts its cache's
 * lookups and store reads.
 */
class VerificationListenerTest {
  @TempDir Path dir;

  @Test
  void everyVerdictAndEveryStoreFailureIsReported_andCacheReadsCounted() {
    Store store = SqlStores.openSqlite(dir.resolve("latchkey.db"));
    Verifier verifier = Verifier.create(store, Clock.systemUTC(), CacheSettings.defaults());
    List<String> seen = new CopyOnWriteArrayList<>();
    verifier.observe(
        new VerificationListener() {
          @Override
          public void verified(Verdict verdict, long nanos) {
            seen.add(verdict.code() + (nanos >= 0 ? "" : " negative time"));
          }

          @Override
          public void failed(long nanos) {
            seen.add("failed" + (nanos >= 0 ? "" : " negative time"));
          }
        });
    String unknown = KeyFormat.generate("pay").reveal();

    verifier.verify("ws_x", "pay_garbage");
    verifier.verify("ws_x", unknown);
    verifier.verify("ws_x", unknown); // the negative entry: no store read
    store.close();
    assertThatThrownBy(() -> verifier.verify("ws_x", KeyFormat.generate("pay").reveal()))
        .isInstanceOf(StoreException.class);

    assertThat(seen).containsExactly("MALFORMED", "NOT_FOUND", "NOT_FOUND", "failed");
    // the malformed key never reached the cache; the failed lookup was a load too
    assertThat(verifier.cacheStats().lookups()).isEqualTo(3);
    assertThat(verifier.cacheStats().loads()).isEqualTo(2);
  }
}
