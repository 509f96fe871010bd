package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.api.VerifyCode;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.StoreException;
import dev.latchkey.core.verify.CacheSettings;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.store.SqlStores;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A malformed key is decided without the store: proven with a real store that has been closed, so
 * that any access would fail. And a store failure on a well-formed key is an error, never VALID.
 */
class VerifyWithoutStoreTest {
  @TempDir Path dir;

  @Test
  void malformedKeys_needNoStore_evenWhenAServiceNameIsGiven() {
    Store store = SqlStores.openSqlite(dir.resolve("latchkey.db"));
    Verifier verifier = Verifier.create(store, Clock.systemUTC(), CacheSettings.defaults());
    store.close();
    String typo = KeyFormat.generate("pay").reveal().replace('_', '-');
    assertThat(verifier.verify("ws", typo).code()).isEqualTo(VerifyCode.MALFORMED);
    assertThat(verifier.verify("ws", typo, "payments").code()).isEqualTo(VerifyCode.MALFORMED);
    assertThat(verifier.verify("ws", "x".repeat(500), "payments").code())
        .isEqualTo(VerifyCode.MALFORMED);
    String wellFormed = KeyFormat.generate("pay").reveal();
    assertThatThrownBy(() -> verifier.verify("ws", wellFormed)).isInstanceOf(StoreException.class);
  }
}
