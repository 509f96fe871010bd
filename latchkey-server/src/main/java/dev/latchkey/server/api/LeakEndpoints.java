package dev.latchkey.server.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.latchkey.api.Json;
import dev.latchkey.api.LeakReport;
import dev.latchkey.api.ReportedToken;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.manage.Leaks;
import dev.latchkey.server.http.Exchange;
import dev.latchkey.server.http.HttpProblem;
import dev.latchkey.server.http.Reply;
import dev.latchkey.server.http.Router;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * {@code POST /v1/leaks:check} and {@code POST /v1/leaks:revoke}: what leaked secrets (named by
 * their digests) open, and taking them out of use ({@code latchkey scan --check} and {@code
 * --revoke} call these); {@code POST /v1/leaks}: reports of keys found in public, from a secret
 * scanner that signs them (GitHub's partner program), revoked at once.
 */
final class LeakEndpoints {
  /** The most tokens one public-leak report may hold. */
  static final int MAX_TOKENS = 500;

  // GitHub may add fields: a report with one more is still a report.
  private static final ObjectReader LENIENT =
      Json.mapper().reader().without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private LeakEndpoints() {}

  static void register(Router router, Leaks leaks, LeakReporters reporters) {
    router.signed(
        "POST", "/v1/leaks", LeakReporters.SIGNATURE_HEADER, ex -> reported(ex, leaks, reporters));
    router.guarded(
        "POST",
        "/v1/leaks:check",
        Permission.KEYS_READ,
        ex -> Replies.ok(leaks.check(ex.principal(), ex.json(LeakReport.class, null))));
    router.guarded(
        "POST",
        "/v1/leaks:revoke",
        Permission.KEYS_REVOKE,
        ex -> Replies.ok(leaks.revoke(ex.caller(), ex.json(LeakReport.class, null))));
  }

  /**
   * A public-leak report: its signature first (over the raw body), then the tokens. Nothing of the
   * body is parsed before the signature holds.
   */
  private static Reply reported(Exchange ex, Leaks leaks, LeakReporters reporters) {
    LeakReporters.Check check =
        reporters
            .check()
            .orElseThrow(
                () ->
                    HttpProblem.unavailable(
                        "public leak reports are not enabled on this server (--leak-report-keys)"));
    byte[] body = ex.body();
    String reporter =
        check
            .reporter(
                ex.header(LeakReporters.KEY_ID_HEADER),
                ex.header(LeakReporters.SIGNATURE_HEADER),
                body)
            .orElseThrow(HttpProblem::reportUnsigned);
    List<ReportedToken> tokens;
    try {
      ReportedToken[] read = LENIENT.readValue(body, ReportedToken[].class);
      tokens = read == null ? null : Arrays.asList(read);
    } catch (IOException e) {
      throw HttpProblem.badRequest("body", "must be a JSON array of reported tokens");
    }
    if (tokens == null || tokens.size() > MAX_TOKENS) {
      throw HttpProblem.badRequest(
          "body", "must be a JSON array of at most " + MAX_TOKENS + " reported tokens");
    }
    return Replies.ok(leaks.reported(reporter, tokens, ex.requestId(), ex.sourceAddress()));
  }
}
