package dev.latchkey.store;

import static dev.latchkey.store.Fixtures.T0;
import static dev.latchkey.store.Fixtures.at;
import static dev.latchkey.store.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.api.Alert;
import dev.latchkey.api.AlertRule;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.AlertFilter;
import dev.latchkey.core.store.AlertSignal;
import dev.latchkey.core.store.AttemptRow;
import dev.latchkey.core.store.ClaimedDelivery;
import dev.latchkey.core.store.DeliveryRow;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import dev.latchkey.core.store.WebhookRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alerts, webhooks and deliveries in the store: run against SQLite and PostgreSQL. */
abstract class AlertStoreContract {
  protected abstract Store openStore();

  protected Store store;
  protected String ws;
  protected String other;

  @BeforeEach
  void openAndSeed() {
    store = openStore();
    ws = Fixtures.workspace(store);
    other = Fixtures.workspace(store);
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  static AlertSignal signal(String workspace, String dedup, Instant at) {
    return new AlertSignal(
        workspace, "secret_leaked", "critical", "key", "key_1", dedup, Map.of("n", 1), at);
  }

  Alert raise(AlertSignal s) {
    return store.write((Tx tx) -> tx.alerts().raise(Ids.newId("alert"), s));
  }

  @Test
  void sameRuleAndDedupKey_whileOpen_countsInsteadOfDuplicating() {
    Alert first = raise(signal(ws, "k1", at(0)));
    Alert second = raise(signal(ws, "k1", at(5_000)));

    assertThat(first.count()).isEqualTo(1);
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.count()).isEqualTo(2);
    assertThat(second.firstSeenAt()).isEqualTo(at(0));
    assertThat(second.lastSeenAt()).isEqualTo(at(5_000));
    assertThat(list(ws, AlertFilter.ALL)).hasSize(1);
  }

  @Test
  void anOccurrenceFromAClockBehind_neverMovesLastSeenBack() {
    raise(signal(ws, "k1", at(5_000)));
    Alert later = raise(signal(ws, "k1", at(1_000)));

    assertThat(later.count()).isEqualTo(2);
    assertThat(later.lastSeenAt()).isEqualTo(at(5_000));
  }

  @Test
  void afterAcknowledgement_theNextOccurrenceOpensANewAlert() {
    Alert first = raise(signal(ws, "k1", at(0)));
    write(store, tx -> tx.alerts().acknowledge(ws, first.id(), at(1), "rk_x"));

    Alert next = raise(signal(ws, "k1", at(2)));

    assertThat(next.id()).isNotEqualTo(first.id());
    assertThat(next.count()).isEqualTo(1);
    Alert acked = store.read((Tx tx) -> tx.alerts().find(ws, first.id())).orElseThrow();
    assertThat(acked.status()).isEqualTo("acknowledged");
    assertThat(acked.acknowledgedBy()).isEqualTo("rk_x");
    assertThat(acked.acknowledgedAt()).isEqualTo(at(1));
    assertThat(list(ws, new AlertFilter(Optional.of(true), Optional.empty(), Optional.empty())))
        .extracting(Alert::id)
        .containsExactly(next.id());
    assertThat(list(ws, new AlertFilter(Optional.of(false), Optional.empty(), Optional.empty())))
        .extracting(Alert::id)
        .containsExactly(first.id());
  }

  @Test
  void exists_seesOpenAndAcknowledgedAlerts_ofThatWorkspaceRuleAndDedupKeyOnly() {
    assertThat(store.read((Tx tx) -> tx.alerts().exists(ws, "secret_leaked", "k1"))).isFalse();
    Alert a = raise(signal(ws, "k1", at(0)));
    assertThat(store.read((Tx tx) -> tx.alerts().exists(ws, "secret_leaked", "k1"))).isTrue();

    write(store, tx -> tx.alerts().acknowledge(ws, a.id(), at(1), "rk_x"));

    assertThat(store.read((Tx tx) -> tx.alerts().exists(ws, "secret_leaked", "k1"))).isTrue();
    assertThat(store.read((Tx tx) -> tx.alerts().exists(ws, "key_unused", "k1"))).isFalse();
    assertThat(store.read((Tx tx) -> tx.alerts().exists(ws, "secret_leaked", "k2"))).isFalse();
    assertThat(store.read((Tx tx) -> tx.alerts().exists(other, "secret_leaked", "k1"))).isFalse();
  }

  @Test
  void otherDedupKeysAndWorkspaces_areOtherAlerts() {
    Alert a = raise(signal(ws, "k1", at(0)));
    Alert b = raise(signal(ws, "k2", at(0)));
    Alert c = raise(signal(other, "k1", at(0)));

    assertThat(List.of(a.id(), b.id(), c.id())).doesNotHaveDuplicates();
    assertThat(store.read((Tx tx) -> tx.alerts().find(other, a.id()))).isEmpty();
    assertThat(list(ws, AlertFilter.ALL)).extracting(Alert::id).containsExactly(b.id(), a.id());
  }

  @Test
  void listFilters_byRuleAndSince() {
    raise(signal(ws, "old", at(0)));
    Alert recent = raise(signal(ws, "new", at(60_000)));
    raise(new AlertSignal(ws, "credits_low", "warning", "consumer", "con_1", "c", Map.of(), at(0)));

    assertThat(
            list(
                ws,
                new AlertFilter(
                    Optional.empty(), Optional.of("secret_leaked"), Optional.of(at(30_000)))))
        .extracting(Alert::id)
        .containsExactly(recent.id());
    assertThat(
            list(
                ws,
                new AlertFilter(Optional.empty(), Optional.of("credits_low"), Optional.empty())))
        .hasSize(1);
  }

  @Test
  void ruleActions_setReadAndRemoved() {
    write(store, tx -> tx.alerts().setRule(ws, new AlertRule("secret_leaked", "disable_key", T0)));

    assertThat(store.read((Tx tx) -> tx.alerts().rule(ws, "secret_leaked")))
        .contains(new AlertRule("secret_leaked", "disable_key", T0));
    assertThat(store.read((Tx tx) -> tx.alerts().rule(other, "secret_leaked"))).isEmpty();

    write(store, tx -> tx.alerts().setRule(ws, new AlertRule("secret_leaked", "none", at(1))));
    assertThat(store.read((Tx tx) -> tx.alerts().rules(ws))).isEmpty();
  }

  @Test
  void aDueDelivery_isClaimedOnce_untilItsLeaseExpires() {
    DeliveryRow d = delivery(webhook(ws, true), at(0));

    List<ClaimedDelivery> first = claim("node-a", at(0));
    List<ClaimedDelivery> second = claim("node-b", at(1_000));
    List<ClaimedDelivery> afterExpiry = claim("node-b", at(61_000));

    assertThat(first).extracting(c -> c.delivery().id()).containsExactly(d.id());
    assertThat(first.getFirst().webhook().url()).isEqualTo("https://example.com/hook");
    assertThat(second).isEmpty();
    assertThat(afterExpiry).extracting(c -> c.delivery().id()).containsExactly(d.id());
    // node-a lost its lease: its late result does not overwrite node-b's claim
    assertThat(finish("node-a", d, DeliveryRow.DELIVERED, at(62_000))).isFalse();
    assertThat(finish("node-b", d, DeliveryRow.DELIVERED, at(62_000))).isTrue();
    assertThat(claim("node-c", at(200_000))).isEmpty();
    assertThat(store.read((Tx tx) -> tx.webhooks().attempts(ws, d.id()))).hasSize(2);
  }

  @Test
  void deliveriesNotYetDue_orOfDisabledWebhooks_areNotClaimed() {
    delivery(webhook(ws, true), at(10_000));
    delivery(webhook(ws, false), at(0));

    assertThat(claim("node-a", at(5_000))).isEmpty();
    assertThat(claim("node-a", at(10_000))).hasSize(1);
  }

  @Test
  void aFailedAttempt_schedulesTheNext_andRequeueGivesADeadDeliveryAFreshStart() {
    DeliveryRow d = delivery(webhook(ws, true), at(0));
    claim("node-a", at(0));
    assertThat(finish("node-a", d, DeliveryRow.DEAD, at(0))).isTrue();
    assertThat(claim("node-a", at(999_999))).isEmpty();

    write(store, tx -> tx.webhooks().requeue(ws, d.id(), at(1_000_000)));

    DeliveryRow again =
        store.read((Tx tx) -> tx.webhooks().findDelivery(ws, d.webhookId(), d.id())).orElseThrow();
    assertThat(again.status()).isEqualTo(DeliveryRow.PENDING);
    assertThat(again.attempts()).isZero();
    assertThat(claim("node-a", at(1_000_000))).hasSize(1);
  }

  @Test
  void deletingAWebhook_deletesItsDeliveriesAndLog_andPruneDeletesOnlyOldFinishedOnes() {
    WebhookRow keep = webhook(ws, true);
    DeliveryRow old = delivery(keep, at(0));
    DeliveryRow pending = delivery(keep, at(0));
    claim("node-a", at(0));
    finish("node-a", old, DeliveryRow.DELIVERED, at(0));
    finish("node-a", pending, DeliveryRow.PENDING, at(0));

    int pruned = store.write((Tx tx) -> tx.webhooks().deleteFinishedBefore(at(10_000)));

    assertThat(pruned).isEqualTo(1);
    assertThat(store.read((Tx tx) -> tx.webhooks().attempts(ws, old.id()))).isEmpty();
    write(store, tx -> tx.webhooks().delete(ws, keep.id()));
    assertThat(store.read((Tx tx) -> tx.webhooks().find(ws, keep.id()))).isEmpty();
    assertThat(
            store.read(
                (Tx tx) ->
                    tx.webhooks()
                        .listDeliveries(ws, keep.id(), Optional.empty(), PageRequest.first(10))
                        .items()))
        .isEmpty();
  }

  @Test
  void webhooksAndDeliveries_ofAnotherWorkspace_areNeitherSeenNorTouched() {
    WebhookRow w = webhook(ws, true);
    DeliveryRow d = delivery(w, at(0));
    claim("node-a", at(0));
    finish("node-a", d, DeliveryRow.DEAD, at(0));

    assertThat(store.read((Tx tx) -> tx.webhooks().find(other, w.id()))).isEmpty();
    assertThat(store.read((Tx tx) -> tx.webhooks().findDelivery(other, w.id(), d.id()))).isEmpty();
    assertThat(store.read((Tx tx) -> tx.webhooks().attempts(other, d.id()))).isEmpty();
    assertThat(
            store.read(
                (Tx tx) ->
                    tx.webhooks()
                        .listDeliveries(other, w.id(), Optional.empty(), PageRequest.first(10))
                        .items()))
        .isEmpty();
    write(store, tx -> tx.webhooks().requeue(other, d.id(), at(5)));
    write(store, tx -> tx.webhooks().delete(other, w.id()));

    assertThat(
            store
                .read((Tx tx) -> tx.webhooks().findDelivery(ws, w.id(), d.id()))
                .orElseThrow()
                .status())
        .isEqualTo(DeliveryRow.DEAD);
    assertThat(store.read((Tx tx) -> tx.webhooks().find(ws, w.id()))).isPresent();
  }

  List<Alert> list(String workspace, AlertFilter filter) {
    return store.read(
        (Tx tx) -> tx.alerts().list(workspace, filter, PageRequest.first(100)).items());
  }

  WebhookRow webhook(String workspace, boolean enabled) {
    WebhookRow w =
        new WebhookRow(
            Ids.newId("wh"),
            workspace,
            "https://example.com/hook",
            null,
            List.of(),
            enabled,
            "plain:whsec_x",
            null,
            null,
            T0,
            T0);
    write(store, tx -> tx.webhooks().insert(w));
    return w;
  }

  DeliveryRow delivery(WebhookRow w, Instant due) {
    DeliveryRow d =
        new DeliveryRow(
            Ids.newId("dlv"),
            w.workspaceId(),
            w.id(),
            "alert_x",
            "alert.opened",
            "{}",
            DeliveryRow.PENDING,
            0,
            due,
            T0,
            T0);
    write(store, tx -> tx.webhooks().insertDelivery(d));
    return d;
  }

  List<ClaimedDelivery> claim(String node, Instant now) {
    return store.write(
        (Tx tx) -> tx.webhooks().claimDue(node, now, now.plus(Duration.ofSeconds(60)), 10));
  }

  boolean finish(String node, DeliveryRow d, String status, Instant at) {
    AttemptRow row =
        new AttemptRow(d.workspaceId(), d.id(), 1, at, 12, "203.0.114.1", 200, null, "ok");
    return store.write((Tx tx) -> tx.webhooks().finishAttempt(node, row, status, 1, at));
  }
}
