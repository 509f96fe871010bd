package dev.latchkey.server.api;

import dev.latchkey.api.AuditEvent;
import dev.latchkey.api.Json;
import dev.latchkey.api.Problem;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.manage.Caller;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.server.http.Reply;
import dev.latchkey.server.http.Route;
import dev.latchkey.server.http.Router;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Audits a management call that failed for an authenticated caller: action {@code request.denied}
 * (403) or {@code request.invalid} (400, 413, 415, 422), target the route ({@code route}, {@code
 * POST /v1/keys/{id}:rotate}: its template, never the path sent, which may hold anything). Details:
 * the outcome, status, problem type, the permission the route needs and the names of the fields the
 * problem names. No request value is recorded: field names pass only in the shape of wire names or
 * header names, as the problem itself shows them.
 */
final class FailedCallAudit implements Router.FailedCalls {
  private static final Pattern FIELD = Pattern.compile("[a-z][a-z0-9_.\\[\\]]{0,127}");
  private static final java.util.Set<String> HEADERS = java.util.Set.of("Idempotency-Key");

  private final Mutations mutations;

  FailedCallAudit(Mutations mutations) {
    this.mutations = mutations;
  }

  @Override
  public void failed(
      Principal principal, Route route, String requestId, String source, Reply reply) {
    String outcome = reply.status() == 403 ? "denied" : "invalid";
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("outcome", outcome);
    details.put("status", reply.status());
    Problem problem = problem(reply);
    if (problem != null) {
      details.put("problem", problem.type());
      if (problem.errors() != null && !problem.errors().isEmpty()) {
        details.put(
            "fields", problem.errors().stream().map(e -> safe(e.field())).distinct().toList());
      }
    }
    route.permission().ifPresent(p -> details.put("permission", p.wireName()));
    mutations.auditFailure(
        new Caller(principal, requestId, source),
        "request." + outcome,
        new AuditEvent.Target("route", route.method() + " " + route.template()),
        details);
  }

  private static String safe(String field) {
    return FIELD.matcher(field).matches() || HEADERS.contains(field) ? field : "?";
  }

  private static Problem problem(Reply reply) {
    try {
      return Json.mapper().readValue(reply.body(), Problem.class);
    } catch (IOException e) {
      return null; // not a problem body: the status says enough
    }
  }
}
