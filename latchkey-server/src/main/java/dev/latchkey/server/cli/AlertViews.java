package dev.latchkey.server.cli;

import dev.latchkey.api.Alert;
import dev.latchkey.api.AlertRule;
import dev.latchkey.api.Webhook;
import dev.latchkey.api.WebhookDelivery;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** How alerts, webhooks and deliveries read for people (see {@link Views}). */
final class AlertViews {
  static final Views.Columns<Alert> ALERTS =
      new Views.Columns<>(
          List.of("ID", "RULE", "SEVERITY", "SUBJECT", "COUNT", "STATUS", "LAST_SEEN"),
          a ->
              row(
                  a.id(),
                  a.rule(),
                  a.severity(),
                  a.subject().type() + ":" + a.subject().id(),
                  a.count(),
                  a.status(),
                  a.lastSeenAt()));

  static final Views.Columns<AlertRule> RULES =
      new Views.Columns<>(
          List.of("RULE", "ACTION", "UPDATED"), r -> row(r.rule(), r.action(), r.updatedAt()));

  static final Views.Columns<Webhook> WEBHOOKS =
      new Views.Columns<>(
          List.of("ID", "URL", "RULES", "ENABLED", "CREATED"),
          w ->
              row(
                  w.id(),
                  w.url(),
                  w.rules().isEmpty() ? "all" : w.rules(),
                  w.enabled(),
                  w.createdAt()));

  static final Views.Columns<WebhookDelivery> DELIVERIES =
      new Views.Columns<>(
          List.of("ID", "ALERT", "STATUS", "ATTEMPTS", "LAST", "NEXT_ATTEMPT"),
          d -> row(d.id(), d.alertId(), d.status(), d.attempts(), last(d), d.nextAttemptAt()));

  private AlertViews() {}

  static Map<String, Object> of(Alert a) {
    return Views.fields(
        "id", a.id(),
        "rule", a.rule(),
        "severity", a.severity(),
        "subject", a.subject().type() + ":" + a.subject().id(),
        "dedup_key", a.dedupKey(),
        "count", a.count(),
        "status", a.status(),
        "first_seen_at", a.firstSeenAt(),
        "last_seen_at", a.lastSeenAt(),
        "acknowledged_at", a.acknowledgedAt(),
        "acknowledged_by", a.acknowledgedBy(),
        "details", a.details());
  }

  static Map<String, Object> of(Webhook w) {
    return Views.fields(
        "id", w.id(),
        "url", w.url(),
        "description", w.description(),
        "rules", w.rules().isEmpty() ? "all" : w.rules(),
        "enabled", w.enabled(),
        "created_at", w.createdAt(),
        "updated_at", w.updatedAt(),
        "previous_secret_expires_at", w.previousSecretExpiresAt());
  }

  static Map<String, Object> of(WebhookDelivery d) {
    return Views.fields(
        "id", d.id(),
        "webhook", d.webhookId(),
        "alert", d.alertId(),
        "status", d.status(),
        "attempts", d.attempts(),
        "next_attempt_at", d.nextAttemptAt(),
        "last", last(d));
  }

  /** The last attempt in a few words: {@code 503 http_status}, {@code connect}, {@code 200}. */
  private static String last(WebhookDelivery d) {
    if (d.log().isEmpty()) {
      return null;
    }
    WebhookDelivery.Attempt a = d.log().getLast();
    String code = a.statusCode() == null ? "" : a.statusCode().toString();
    String error = a.error() == null ? "" : a.error();
    return (code + " " + error).strip();
  }

  private static List<Object> row(Object... cells) {
    return Arrays.asList(cells);
  }
}
