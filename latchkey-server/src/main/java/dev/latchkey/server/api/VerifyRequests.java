package dev.latchkey.server.api;

import dev.latchkey.api.Problem.FieldError;
import dev.latchkey.api.VerifyKey;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.access.QuerySyntaxException;
import dev.latchkey.core.access.condition.ConditionInput;
import dev.latchkey.core.verify.Check;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.server.http.HttpProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a {@code keys:verify} body into a {@link Check}, refusing what is out of bounds with a 400
 * naming every bad field. Inputs are bounded here because conditions read them: the context's
 * strings and header count are capped, so one evaluation's work stays bounded.
 */
final class VerifyRequests {
  /** Longer than any key can be; beyond it the input is refused rather than judged MALFORMED. */
  static final int MAX_PRESENTED = 1024;

  static final int MAX_SERVICE = 128;
  static final int MAX_HEADERS = 64;
  static final int MAX_HEADER_NAME = 256;
  static final int MAX_HEADER_VALUE = 4096;
  static final int MAX_IP = 64;
  static final int MAX_METHOD = 32;
  static final int MAX_PATH = 2048;
  static final long MAX_COST = 1_000_000_000L;
  static final int MAX_LIMIT_NAMES = 16;
  static final Pattern LIMIT_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");

  private VerifyRequests() {}

  static Check check(VerifyKey cmd, Principal caller, Verifier verifier) {
    List<FieldError> errors = new ArrayList<>();
    if (cmd.key() == null) {
      errors.add(new FieldError("key", "is required"));
    } else if (cmd.key().length() > MAX_PRESENTED) {
      errors.add(new FieldError("key", "must be at most " + MAX_PRESENTED + " characters"));
    }
    if (cmd.service() != null
        && (cmd.service().isEmpty() || cmd.service().length() > MAX_SERVICE)) {
      errors.add(
          new FieldError(
              "service", "must be a service id or name of 1 to " + MAX_SERVICE + " characters"));
    }
    Check check = Check.of(cmd.key()).within(caller.services());
    if (cmd.permissions() != null) {
      try {
        check = check.requiring(verifier.query(cmd.permissions()));
      } catch (QuerySyntaxException e) {
        errors.add(new FieldError("permissions", e.getMessage()));
      }
    }
    if (cmd.context() != null && cmd.context().request() != null) {
      VerifyKey.Request r = cmd.context().request();
      checkRequest(r, errors);
      if (errors.isEmpty()) {
        check =
            check.withRequest(
                new ConditionInput.Request(r.ip(), r.method(), r.path(), r.service(), r.headers()));
      }
    }
    if (cmd.cost() != null) {
      if (cmd.cost() < 0 || cmd.cost() > MAX_COST) {
        errors.add(new FieldError("cost", "must be between 0 and " + MAX_COST));
      } else {
        check = check.costing(cmd.cost());
      }
    }
    if (cmd.limits() != null) {
      checkLimitNames(cmd.limits(), errors);
      if (errors.isEmpty()) {
        check = check.limitedBy(cmd.limits());
      }
    }
    if (!errors.isEmpty()) {
      throw HttpProblem.badRequest(errors);
    }
    return cmd.service() == null ? check : check.forService(cmd.service());
  }

  private static void checkLimitNames(List<String> names, List<FieldError> errors) {
    if (names.size() > MAX_LIMIT_NAMES) {
      errors.add(new FieldError("limits", "must hold at most " + MAX_LIMIT_NAMES + " names"));
      return;
    }
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      // A name no limit can have (upper case, say) would silently apply no limit: refuse it.
      if (name == null || !LIMIT_NAME.matcher(name).matches()) {
        errors.add(
            new FieldError(
                "limits[" + i + "]",
                "must be a limit name: 1 to 32 of a-z, 0-9, '_', '.', '-', starting a-z or 0-9"));
      }
    }
  }

  private static void checkRequest(VerifyKey.Request r, List<FieldError> errors) {
    String at = "context.request.";
    bound(errors, at + "ip", r.ip(), MAX_IP);
    bound(errors, at + "method", r.method(), MAX_METHOD);
    bound(errors, at + "path", r.path(), MAX_PATH);
    bound(errors, at + "service", r.service(), MAX_SERVICE);
    Map<String, String> headers = r.headers();
    if (headers == null) {
      return;
    }
    if (headers.size() > MAX_HEADERS) {
      errors.add(new FieldError(at + "headers", "must hold at most " + MAX_HEADERS + " headers"));
      return;
    }
    headers.forEach(
        (name, value) -> {
          if (name.isEmpty() || name.length() > MAX_HEADER_NAME) {
            errors.add(
                new FieldError(
                    at + "headers", "names must be 1 to " + MAX_HEADER_NAME + " characters"));
          }
          if (value == null) {
            errors.add(new FieldError(at + "headers." + name, "must be a string"));
          } else {
            bound(errors, at + "headers." + name, value, MAX_HEADER_VALUE);
          }
        });
  }

  private static void bound(List<FieldError> errors, String field, String value, int max) {
    if (value != null && value.length() > max) {
      errors.add(new FieldError(field, "must be at most " + max + " characters"));
    }
  }
}
