package dev.latchkey.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.latchkey.api.Json;
import dev.latchkey.core.manage.IdempotencyRequest;
import dev.latchkey.core.manage.IdempotentResponse;
import dev.latchkey.core.manage.MutationContext;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.server.http.Exchange;
import dev.latchkey.server.http.HttpProblem;
import dev.latchkey.server.http.Reply;
import java.util.Optional;
import java.util.function.Function;

/**
 * Encoding of replies, and the one path that honours {@code Idempotency-Key}: creates and the
 * credits verbs.
 */
final class Replies {
  private static final int MAX_IDEMPOTENCY_KEY = 255;

  private Replies() {}

  static Reply ok(Object body) {
    return Reply.json(200, encode(body));
  }

  static byte[] encode(Object body) {
    try {
      return Json.mapper().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("wire records always serialise", e);
    }
  }

  /**
   * Runs a create as one mutation answering 201. With an {@code Idempotency-Key}, a retry of the
   * same request replays the first response (marked {@code Idempotent-Replayed: true}).
   */
  static <T> Reply create(Exchange ex, Mutations mutations, Function<MutationContext, T> op) {
    return idempotent(ex, mutations, 201, op);
  }

  /**
   * Runs a mutation answering {@code status}, honouring {@code Idempotency-Key} as a create does:
   * for a change that must not apply twice when a client retries it (a credits {@code add}).
   */
  static <T> Reply idempotent(
      Exchange ex, Mutations mutations, int status, Function<MutationContext, T> op) {
    Optional<String> key = ex.header("Idempotency-Key");
    if (key.isEmpty()) {
      return Reply.json(status, encode(mutations.run(ex.caller(), op)));
    }
    String value = key.get();
    if (value.isEmpty()
        || value.length() > MAX_IDEMPOTENCY_KEY
        || !value.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      throw HttpProblem.badRequest(
          "Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY + " printable ASCII characters");
    }
    IdempotencyRequest request =
        IdempotencyRequest.of(value, ex.bearerSecret(), ex.method(), ex.path(), ex.body());
    IdempotentResponse response =
        mutations.runIdempotent(ex.caller(), request, status, op, Replies::encode);
    Reply reply = Reply.json(response.status(), response.body());
    return response.replayed() ? reply.withHeader("Idempotent-Replayed", "true") : reply;
  }
}
