package dev.latchkey.server.api;

import dev.latchkey.core.access.Permission;
import dev.latchkey.core.manage.AccessReports;
import dev.latchkey.server.http.Exchange;
import dev.latchkey.server.http.HttpProblem;
import dev.latchkey.server.http.Router;

/** {@code GET /v1/keys/{id}/access-report}: the least-privilege report of a key. */
final class AccessReportEndpoints {
  private AccessReportEndpoints() {}

  static void register(Router router, AccessReports reports) {
    router.guarded(
        "GET",
        "/v1/keys/{id}/access-report",
        Permission.KEYS_READ,
        ex -> Replies.ok(reports.report(ex.principal(), ex.param("id"), days(ex))));
  }

  /** The {@code days} parameter; its range is the core's to check. */
  private static int days(Exchange ex) {
    return ex.query("days").map(AccessReportEndpoints::integer).orElse(AccessReports.DEFAULT_DAYS);
  }

  private static int integer(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw HttpProblem.badRequest("days", AccessReports.DAYS_RULE);
    }
  }
}
