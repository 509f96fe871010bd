package dev.latchkey.store;

import static dev.latchkey.store.Fixtures.T0;
import static dev.latchkey.store.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.alert.SigningSecret;
import dev.latchkey.core.manage.Rewrap;
import dev.latchkey.core.provider.ServerSecret;
import dev.latchkey.core.seal.SealedColumn;
import dev.latchkey.core.seal.Sealer;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.SealedValue;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import dev.latchkey.core.store.WebhookRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sealed columns in the store, and {@link Rewrap} over them: run against SQLite and PostgreSQL.
 */
abstract class SealedValuesContract {
  static final SealedColumn CURRENT = SealedColumn.WEBHOOK_SIGNING_SECRET;
  static final SealedColumn PREVIOUS = SealedColumn.WEBHOOK_PREVIOUS_SIGNING_SECRET;

  protected abstract Store openStore();

  protected Store store;
  String ws;
  final ServerSecret k1 = Sealer.newKeyEncryptionKey();
  final ServerSecret k2 = Sealer.newKeyEncryptionKey();
  final Sealer underK1 = Sealer.envelope(k1, List.of());
  final Sealer rotated = Sealer.envelope(k2, List.of(k1));

  @BeforeEach
  void openAndSeed() {
    store = openStore();
    ws = Fixtures.workspace(store);
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  /** A webhook whose secrets are sealed by {@code sealer}; with a previous secret if asked. */
  WebhookRow webhook(Sealer sealer, boolean withPrevious) {
    String id = Ids.newId("wh");
    WebhookRow w =
        new WebhookRow(
            id,
            ws,
            "https://example.com/hook",
            null,
            List.of(),
            true,
            SigningSecret.generate().sealed(sealer, CURRENT, id),
            withPrevious ? SigningSecret.generate().sealed(sealer, PREVIOUS, id) : null,
            withPrevious ? T0.plusSeconds(3600) : null,
            T0,
            T0);
    write(store, tx -> tx.webhooks().insert(w));
    return w;
  }

  WebhookRow plainWebhook() {
    String id = Ids.newId("wh");
    WebhookRow w =
        new WebhookRow(
            id,
            ws,
            "https://example.com/hook",
            null,
            List.of(),
            true,
            "plain:" + SigningSecret.generate().reveal(),
            null,
            null,
            T0,
            T0);
    write(store, tx -> tx.webhooks().insert(w));
    return w;
  }

  String stored(SealedColumn column, String id) {
    return store
        .read((Tx tx) -> tx.sealedValues().find(column, id))
        .map(SealedValue::stored)
        .orElseThrow();
  }

  @Test
  void listAfter_pagesThroughNonNullValuesInIdOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(webhook(underK1, i % 2 == 0).id());
    }
    List<String> seen = new ArrayList<>();
    String after = "";
    while (true) {
      String from = after;
      List<SealedValue> page = store.read((Tx tx) -> tx.sealedValues().listAfter(CURRENT, from, 2));
      page.forEach(v -> seen.add(v.id()));
      if (page.size() < 2) {
        break;
      }
      after = page.getLast().id();
    }

    assertThat(seen).containsExactlyElementsOf(ids.stream().sorted().toList());
    assertThat(store.read((Tx tx) -> tx.sealedValues().listAfter(PREVIOUS, "", 10))).hasSize(3);
  }

  @Test
  void replace_writesOnlyOverTheExpectedValue() {
    WebhookRow w = webhook(underK1, false);
    String other = SigningSecret.generate().sealed(underK1, CURRENT, w.id());

    boolean stale =
        store.write((Tx tx) -> tx.sealedValues().replace(CURRENT, w.id(), "lk1.x.y", other));
    boolean fresh =
        store.write((Tx tx) -> tx.sealedValues().replace(CURRENT, w.id(), w.sealedSecret(), other));

    assertThat(stale).isFalse();
    assertThat(fresh).isTrue();
    assertThat(stored(CURRENT, w.id())).isEqualTo(other);
    assertThat(store.read((Tx tx) -> tx.sealedValues().find(PREVIOUS, w.id()))).isEmpty();
  }

  @Test
  void rewrap_movesEveryValueToTheCurrentKey_soTheNewKeyAloneOpensThem() {
    List<WebhookRow> rows = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rows.add(webhook(underK1, i == 0));
    }
    WebhookRow alreadyNew = webhook(rotated, false);

    Rewrap.Outcome first = new Rewrap(store, rotated).all();
    Rewrap.Outcome again = new Rewrap(store, rotated).all();

    assertThat(first.rewrapped()).isEqualTo(4);
    assertThat(first.alreadyCurrent()).isEqualTo(1);
    assertThat(first.failed()).isEmpty();
    assertThat(again.rewrapped()).isZero();
    assertThat(again.alreadyCurrent()).isEqualTo(5);
    Sealer k2Alone = Sealer.envelope(k2, List.of());
    for (WebhookRow w : rows) {
      SigningSecret before = SigningSecret.opened(underK1, CURRENT, w.id(), w.sealedSecret());
      assertThat(SigningSecret.opened(k2Alone, CURRENT, w.id(), stored(CURRENT, w.id())))
          .isEqualTo(before);
    }
    SigningSecret previous =
        SigningSecret.opened(
            underK1, PREVIOUS, rows.get(0).id(), rows.get(0).previousSealedSecret());
    assertThat(
            SigningSecret.opened(
                k2Alone, PREVIOUS, rows.get(0).id(), stored(PREVIOUS, rows.get(0).id())))
        .isEqualTo(previous);
    assertThat(stored(CURRENT, alreadyNew.id())).isEqualTo(alreadyNew.sealedSecret());
  }

  @Test
  void rewrap_countsValuesThatDoNotOpen_byRow_andLeavesThem() {
    Sealer stranger = Sealer.envelope(Sealer.newKeyEncryptionKey(), List.of());
    WebhookRow lost = webhook(stranger, false);
    webhook(underK1, false);

    Rewrap.Outcome outcome = new Rewrap(store, rotated).all();

    assertThat(outcome.rewrapped()).isEqualTo(1);
    assertThat(outcome.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.id()).isEqualTo(lost.id());
              assertThat(f.column()).isEqualTo(CURRENT);
              assertThat(f.reason()).contains(stranger.currentKeyId());
            });
    assertThat(stored(CURRENT, lost.id())).isEqualTo(lost.sealedSecret());
  }

  @Test
  void plainOnly_sealsValuesFromBeforeSealing_andLeavesSealedOnesAlone() {
    WebhookRow plain = plainWebhook();
    WebhookRow old = webhook(underK1, false);

    Rewrap.Outcome outcome = new Rewrap(store, rotated).plainOnly();

    assertThat(outcome.rewrapped()).isEqualTo(1);
    String sealed = stored(CURRENT, plain.id());
    assertThat(sealed).startsWith("lk1." + rotated.currentKeyId() + ".");
    assertThat(SigningSecret.opened(rotated, CURRENT, plain.id(), sealed).reveal())
        .isEqualTo(plain.sealedSecret().substring("plain:".length()));
    assertThat(stored(CURRENT, old.id())).isEqualTo(old.sealedSecret());
  }

  @Test
  void aValueChangedWhileRewrapRuns_isNeverOverwritten() {
    WebhookRow w = webhook(underK1, false);
    String rotatedMeanwhile = SigningSecret.generate().sealed(rotated, CURRENT, w.id());
    // The first write rewrap attempts is preceded by another node's rotation of the secret.
    Store racing =
        new DelegatingStore(store) {
          boolean raced;

          @Override
          public <T> T write(java.util.function.Function<Tx, T> work) {
            if (!raced) {
              raced = true;
              store.write(
                  (Tx tx) ->
                      tx.sealedValues()
                          .replace(CURRENT, w.id(), w.sealedSecret(), rotatedMeanwhile));
            }
            return store.write(work);
          }
        };

    Rewrap.Outcome outcome = new Rewrap(racing, rotated).all();

    assertThat(stored(CURRENT, w.id())).isEqualTo(rotatedMeanwhile);
    assertThat(outcome.rewrapped()).isZero();
    assertThat(outcome.alreadyCurrent()).isEqualTo(1);
    assertThat(outcome.failed()).isEmpty();
  }

  /** Optional.empty() for a row without a value, as the port promises. */
  @Test
  void find_ofAMissingRow_isEmpty() {
    assertThat(store.read((Tx tx) -> tx.sealedValues().find(CURRENT, "wh_missing")))
        .isEqualTo(Optional.empty());
  }
}
