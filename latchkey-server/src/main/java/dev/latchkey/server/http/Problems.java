package dev.latchkey.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.latchkey.api.Json;
import dev.latchkey.api.Problem;
import dev.latchkey.api.Problem.FieldError;
import dev.latchkey.core.access.QuerySyntaxException;
import dev.latchkey.core.access.condition.ConditionSyntaxException;
import dev.latchkey.core.manage.ConflictException;
import dev.latchkey.core.manage.ForbiddenException;
import dev.latchkey.core.manage.GoneException;
import dev.latchkey.core.manage.InvalidInputException;
import dev.latchkey.core.manage.NotFoundException;
import dev.latchkey.core.seal.SealException;
import dev.latchkey.core.store.DuplicateException;
import dev.latchkey.core.store.StoreException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP answers. Only messages written for clients reach them;
 * anything unexpected is a 500 whose detail is just the request id, logged in full here.
 */
public final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  private static final String TYPE = "urn:latchkey:problem:";

  private Problems() {}

  private static Reply badRequest(String field, String message, String requestId) {
    return reply(
        400,
        "invalid-request",
        "Invalid request",
        "the request has invalid fields",
        errors(field, message),
        requestId,
        Map.of());
  }

  /** The reply for {@code failure} in the request {@code requestId}. */
  public static Reply toReply(Throwable failure, String requestId) {
    return switch (failure) {
      case HttpProblem p ->
          reply(
              p.status(), p.slug(), p.title(), p.getMessage(), p.errors(), requestId, p.headers());
      case InvalidInputException e ->
          reply(
              400,
              "invalid-request",
              "Invalid request",
              e.getMessage(),
              e.errors(),
              requestId,
              Map.of());
      // Checked where they arise, with the field they belong to; mapped here too, so a caller that
      // forgets to is still a 400, never a 500.
      case ConditionSyntaxException e -> badRequest("condition", e.getMessage(), requestId);
      case QuerySyntaxException e -> badRequest("permissions", e.getMessage(), requestId);
      case NotFoundException e ->
          reply(404, "not-found", "Not found", e.getMessage(), List.of(), requestId, Map.of());
      case ForbiddenException e ->
          reply(403, "forbidden", "Forbidden", e.getMessage(), List.of(), requestId, Map.of());
      case GoneException e ->
          reply(410, "gone", "Gone", e.getMessage(), List.of(), requestId, Map.of());
      case ConflictException e when e.field().equals("Idempotency-Key") ->
          reply(
              422,
              "idempotency-key-reused",
              "Idempotency key reused",
              e.getMessage(),
              List.of(),
              requestId,
              Map.of());
      case ConflictException e ->
          reply(
              409,
              "conflict",
              "Conflict",
              e.getMessage(),
              errors(e.field(), e.getMessage()),
              requestId,
              Map.of());
      case DuplicateException e ->
          reply(
              409,
              "conflict",
              "Conflict",
              e.field() + " already exists",
              errors(e.field(), "already exists"),
              requestId,
              Map.of());
      // The node cannot seal or open stored secrets (no key-encryption key, or not the one they
      // were sealed under): its message names no secret and no key material.
      case SealException e -> {
        LOG.warn("sealing failed in request {}: {}", requestId, e.getMessage());
        yield reply(
            503,
            "service-unavailable",
            "Service unavailable",
            "this node cannot seal or open stored credentials: " + e.getMessage(),
            List.of(),
            requestId,
            Map.of());
      }
      case StoreException e -> {
        LOG.warn("store unavailable in request {}: {}", requestId, e.getMessage(), e.getCause());
        yield reply(
            503,
            "service-unavailable",
            "Service unavailable",
            "the store is unavailable; retry later",
            List.of(),
            requestId,
            Map.of("Retry-After", "1"));
      }
      case io.helidon.http.RequestException e when e.status().code() < 500 ->
          malformedHttp(requestId);
      case io.helidon.http.HttpException e when e.status().code() < 500 -> malformedHttp(requestId);
      case UncheckedIOException e ->
          reply(
              400,
              "invalid-request",
              "Invalid request",
              "the request body could not be read",
              List.of(),
              requestId,
              Map.of());
      default -> {
        LOG.error("unexpected failure in request {}", requestId, failure);
        yield reply(
            500,
            "internal",
            "Internal error",
            "unexpected error; quote request id " + requestId,
            List.of(),
            requestId,
            Map.of());
      }
    };
  }

  private static Reply malformedHttp(String requestId) {
    return reply(
        400,
        "invalid-request",
        "Invalid request",
        "the request is not well-formed HTTP",
        List.of(),
        requestId,
        Map.of());
  }

  private static List<FieldError> errors(String field, String message) {
    return field.isEmpty() ? List.of() : List.of(new FieldError(field, message));
  }

  private static Reply reply(
      int status,
      String slug,
      String title,
      String detail,
      List<FieldError> errors,
      String requestId,
      Map<String, String> headers) {
    Problem problem =
        new Problem(
            TYPE + slug, title, status, detail, requestId, errors.isEmpty() ? null : errors);
    try {
      return new Reply(
          status, Json.mapper().writeValueAsBytes(problem), "application/problem+json", headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a problem always serialises", e);
    }
  }
}
