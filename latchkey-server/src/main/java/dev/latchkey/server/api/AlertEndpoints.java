package dev.latchkey.server.api;

import dev.latchkey.api.AcknowledgeAlert;
import dev.latchkey.api.AlertRuleList;
import dev.latchkey.api.SetAlertRule;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.manage.Alerts;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.store.AlertFilter;
import dev.latchkey.server.http.Exchange;
import dev.latchkey.server.http.HttpProblem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** {@code /v1/alerts} and {@code /v1/alert-rules}. */
final class AlertEndpoints {
  private AlertEndpoints() {}

  static void register(dev.latchkey.server.http.Router router, Alerts alerts, Mutations mutations) {
    router.guarded(
        "GET",
        "/v1/alerts",
        Permission.ALERTS_READ,
        ex -> Replies.ok(Pages.page(alerts.list(ex.principal(), filter(ex), Pages.request(ex)))));
    router.guarded(
        "GET",
        "/v1/alerts/{id}",
        Permission.ALERTS_READ,
        ex -> Replies.ok(alerts.get(ex.principal(), ex.param("id"))));
    router.guarded(
        "POST",
        "/v1/alerts/{id}:acknowledge",
        Permission.ALERTS_WRITE,
        ex -> {
          AcknowledgeAlert cmd = ex.json(AcknowledgeAlert.class, new AcknowledgeAlert(null));
          return Replies.ok(
              mutations.run(ex.caller(), m -> alerts.acknowledge(m, ex.param("id"), cmd)));
        });
    router.guarded(
        "GET",
        "/v1/alert-rules",
        Permission.ALERTS_READ,
        ex -> Replies.ok(new AlertRuleList(alerts.rules(ex.principal()))));
    router.guarded(
        "PUT",
        "/v1/alert-rules/{rule}",
        Permission.ALERTS_WRITE,
        ex -> {
          SetAlertRule cmd = ex.json(SetAlertRule.class, null);
          return Replies.ok(
              mutations.run(ex.caller(), m -> alerts.setRule(m, ex.param("rule"), cmd)));
        });
  }

  private static AlertFilter filter(Exchange ex) {
    Optional<Boolean> open =
        ex.query("status")
            .map(
                s ->
                    switch (s) {
                      case "open" -> true;
                      case "acknowledged" -> false;
                      default ->
                          throw HttpProblem.badRequest("status", "must be open or acknowledged");
                    });
    Optional<String> rule = ex.query("rule");
    rule.filter(r -> !Alerts.RULES.contains(r))
        .ifPresent(
            r -> {
              throw HttpProblem.badRequest("rule", "is not a known rule");
            });
    Optional<Instant> since = ex.query("since").map(AlertEndpoints::instant);
    return new AlertFilter(open, rule, since);
  }

  /** Years 0 to 9999: beyond them an instant no longer fits a millisecond column. */
  private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  private static Instant instant(String text) {
    try {
      Instant since = Instant.parse(text);
      if (since.isBefore(EARLIEST) || since.isAfter(LATEST)) {
        throw HttpProblem.badRequest("since", "must be a time in the years 0 to 9999");
      }
      return since;
    } catch (DateTimeParseException e) {
      throw HttpProblem.badRequest(
          "since", "must be an RFC 3339 time such as 2026-11-27T10:00:00Z");
    }
  }
}
