package dev.latchkey.core.manage;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.latchkey.api.Alert;
import dev.latchkey.api.Json;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.AlertSignal;
import dev.latchkey.core.store.DeliveryRow;
import dev.latchkey.core.store.Tx;
import dev.latchkey.core.store.WebhookRow;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Inside the transaction that raises an alert: when the occurrence opened a new alert, one delivery
 * per enabled webhook of the workspace whose rules include the alert's (or that has none), with the
 * exact payload every attempt will send. Further occurrences of an open alert are not delivered
 * (they only count); after acknowledgement, the next occurrence opens and is delivered.
 */
final class AlertFanOut {
  /** The one event type now. */
  static final String ALERT_OPENED = "alert.opened";

  private AlertFanOut() {}

  record Raised(Alert alert, int deliveries) {}

  static Raised raise(Tx tx, String newId, AlertSignal signal, Instant now) {
    Alert alert = tx.alerts().raise(newId, signal);
    if (alert.count() != 1) {
      return new Raised(alert, 0);
    }
    int added = 0;
    for (WebhookRow w : tx.webhooks().listEnabled(signal.workspaceId())) {
      if (!w.rules().isEmpty() && !w.rules().contains(alert.rule())) {
        continue;
      }
      String id = Ids.newId("dlv");
      tx.webhooks()
          .insertDelivery(
              new DeliveryRow(
                  id,
                  signal.workspaceId(),
                  w.id(),
                  alert.id(),
                  ALERT_OPENED,
                  payload(id, alert, now),
                  DeliveryRow.PENDING,
                  0,
                  now,
                  now,
                  now));
      added++;
    }
    return new Raised(alert, added);
  }

  /** {@code {"id": event id, "type", "created_at", "alert": {…}}}. */
  static String payload(String eventId, Alert alert, Instant now) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", eventId);
    body.put("type", ALERT_OPENED);
    body.put("created_at", now);
    body.put("alert", alert);
    try {
      return Json.mapper().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("alerts always serialise", e);
    }
  }
}
