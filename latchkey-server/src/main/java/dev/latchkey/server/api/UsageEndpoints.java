package dev.latchkey.server.api;

import dev.latchkey.core.access.Permission;
import dev.latchkey.core.manage.UsageReports;
import dev.latchkey.core.store.UsageGranularity;
import dev.latchkey.server.http.Exchange;
import dev.latchkey.server.http.HttpProblem;
import dev.latchkey.server.http.Router;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * {@code GET /v1/keys/{id}/usage} and {@code GET /v1/services/{id}/usage}: verification counts by
 * outcome per minute, hour or day ({@code usage.read}; a confined root key sees only its services
 * and their keys).
 */
final class UsageEndpoints {
  private UsageEndpoints() {}

  static void register(Router router, UsageReports reports) {
    router.guarded(
        "GET",
        "/v1/keys/{id}/usage",
        Permission.USAGE_READ,
        ex -> Replies.ok(reports.ofKey(ex.principal(), ex.param("id"), range(ex))));
    router.guarded(
        "GET",
        "/v1/services/{id}/usage",
        Permission.USAGE_READ,
        ex -> Replies.ok(reports.ofService(ex.principal(), ex.param("id"), range(ex))));
  }

  /** The query's range; the core checks how its parts fit together. */
  private static UsageReports.Range range(Exchange ex) {
    UsageGranularity granularity =
        ex.query("granularity")
            .map(
                g ->
                    UsageGranularity.ofWireName(g)
                        .orElseThrow(
                            () ->
                                HttpProblem.badRequest(
                                    "granularity", "must be one of minute, hour, day")))
            .orElse(null);
    return new UsageReports.Range(granularity, instant(ex, "since"), instant(ex, "until"));
  }

  /** The times a range may name: beyond them epoch milliseconds would overflow. */
  private static final Instant EARLIEST = Instant.EPOCH;

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private static Instant instant(Exchange ex, String name) {
    return ex.query(name)
        .map(
            text -> {
              Instant at;
              try {
                at = OffsetDateTime.parse(text).toInstant();
              } catch (DateTimeParseException e) {
                throw HttpProblem.badRequest(
                    name, "must be an RFC 3339 time such as 2027-01-31T00:00:00Z");
              }
              if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
                throw HttpProblem.badRequest(
                    name, "must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
              }
              return at;
            })
        .orElse(null);
  }
}
