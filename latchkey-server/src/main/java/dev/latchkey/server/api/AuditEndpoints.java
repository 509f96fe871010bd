package dev.latchkey.server.api;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.latchkey.api.AuditVerification.ChainHead;
import dev.latchkey.api.Json;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.manage.AuditTrail;
import dev.latchkey.core.store.AuditFilter;
import dev.latchkey.server.http.Exchange;
import dev.latchkey.server.http.HttpProblem;
import dev.latchkey.server.http.Reply;
import dev.latchkey.server.http.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code /v1/audit-events}: the workspace's audit log, listed with filters, verified, exported
 * (docs/audit.md).
 */
final class AuditEndpoints {
  /** The media type of an export: one JSON event per line, in chain order. */
  static final String JSON_LINES = "application/jsonl";

  /** The response headers of an export that name the head it ends at. */
  static final String HEAD_POSITION = "Latchkey-Audit-Head-Position";

  static final String HEAD_HASH = "Latchkey-Audit-Head-Hash";

  private static final Pattern ACTION = Pattern.compile("[a-z0-9_.]{1,128}(\\*)?");
  private static final Pattern NAME = Pattern.compile("[\\x20-\\x7e]{1,256}");

  private AuditEndpoints() {}

  static void register(Router router, AuditTrail audit) {
    router.guarded(
        "GET",
        "/v1/audit-events",
        Permission.AUDIT_READ,
        ex -> Replies.ok(Pages.page(audit.list(ex.principal(), filter(ex), Pages.request(ex)))));
    router.guarded(
        "GET",
        "/v1/audit-events:verify",
        Permission.AUDIT_READ,
        ex -> Replies.ok(audit.verify(ex.principal())));
    router.guarded(
        "GET",
        "/v1/audit-events:export",
        Permission.AUDIT_READ,
        ex -> export(audit, ex.principal()));
  }

  private static Reply export(AuditTrail audit, Principal principal) {
    ChainHead head = audit.exportHead(principal);
    ObjectWriter writer = Json.mapper().writer();
    return Reply.streaming(
            JSON_LINES,
            out -> {
              try {
                audit.export(
                    principal,
                    head,
                    event -> {
                      try {
                        out.write(writer.writeValueAsBytes(event));
                        out.write('\n');
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                    });
              } catch (UncheckedIOException e) {
                throw e.getCause();
              }
            })
        .withHeader(HEAD_POSITION, Long.toString(head.position()))
        .withHeader(HEAD_HASH, head.hash());
  }

  /** The filter the query asks for; a bad value is a 400 naming its parameter. */
  static AuditFilter filter(Exchange ex) {
    Optional<String> action = ex.query("action").map(v -> checked("action", v, ACTION));
    Optional<Instant> since = ex.query("since").map(v -> time("since", v));
    Optional<Instant> until = ex.query("until").map(v -> time("until", v));
    if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
      throw HttpProblem.badRequest("until", "must be later than since");
    }
    boolean prefix = action.isPresent() && action.get().endsWith("*");
    return new AuditFilter(
        name(ex, "actor_type"),
        name(ex, "actor_id"),
        prefix ? Optional.empty() : action,
        prefix ? action.map(a -> a.substring(0, a.length() - 1)) : Optional.empty(),
        name(ex, "target_type"),
        name(ex, "target_id"),
        since,
        until);
  }

  private static Optional<String> name(Exchange ex, String parameter) {
    return ex.query(parameter).map(v -> checked(parameter, v, NAME));
  }

  private static String checked(String parameter, String value, Pattern pattern) {
    if (!pattern.matcher(value).matches()) {
      throw HttpProblem.badRequest(
          parameter,
          parameter.equals("action")
              ? "must be an action such as key.created, or its start followed by * (key.*)"
              : "must be 1 to 256 printable ASCII characters");
    }
    return value;
  }

  private static Instant time(String parameter, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw HttpProblem.badRequest(
          parameter, "must be an RFC 3339 timestamp such as 2030-01-01T00:00:00Z");
    }
  }
}
