package dev.latchkey.client.servlet;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.latchkey.api.Json;
import dev.latchkey.api.Problem;
import dev.latchkey.api.RateLimitState;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What {@link LatchkeyFilter} answers instead of the application: the same statuses, headers and
 * RFC 9457 bodies as the server's forward-auth endpoint, so that a denial of one status looks the
 * same whatever the internal reason. No body carries a request's data.
 */
final class Answers {
  /** A denial, by what the client may learn of it: only the status. */
  enum Denial {
    UNAUTHENTICATED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    TOO_MANY(429, "Too many requests");

    private final int status;
    private final byte[] body;

    Denial(int status, String title) {
      this.status = status;
      this.body = problem("access-denied", title, status, "the request is not allowed");
    }
  }

  private static final String TYPE = "urn:latchkey:problem:";
  private static final String PROBLEM_JSON = "application/problem+json";

  private static final byte[] UNAVAILABLE =
      problem(
          "service-unavailable",
          "Service unavailable",
          503,
          "the key cannot be verified right now; retry later");

  private static final byte[] TOO_LARGE =
      problem(
          "invalid-request",
          "Invalid request",
          400,
          "the request's method or path is too long to be verified");

  private final Clock clock;

  Answers(Clock clock) {
    this.clock = clock;
  }

  /** Refuses with {@code denial}; {@code limit}, when not null, is the rate limit that denied. */
  void deny(HttpServletResponse response, Denial denial, RateLimitState limit) throws IOException {
    if (denial == Denial.UNAUTHENTICATED) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"latchkey\"");
    }
    if (denial == Denial.TOO_MANY && limit != null) {
      rateLimitHeaders(response, limit);
      response.setHeader("Retry-After", Long.toString(Math.max(1, secondsUntil(limit.reset()))));
    }
    write(response, denial.status, denial.body);
  }

  /** The key could not be verified (server unreachable, cached answer too old): fail closed. */
  void unavailable(HttpServletResponse response) throws IOException {
    response.setHeader("Retry-After", "1");
    write(response, 503, UNAVAILABLE);
  }

  /** The request's attributes exceed what the server accepts for conditions. */
  void tooLarge(HttpServletResponse response) throws IOException {
    write(response, 400, TOO_LARGE);
  }

  /** The IETF draft's fields for the applied limit with the least remaining. */
  void rateLimitHeaders(HttpServletResponse response, RateLimitState limit) {
    response.setHeader("RateLimit-Limit", Long.toString(limit.limit()));
    response.setHeader("RateLimit-Remaining", Long.toString(limit.remaining()));
    response.setHeader("RateLimit-Reset", Long.toString(secondsUntil(limit.reset())));
  }

  private long secondsUntil(Instant reset) {
    long millis = Duration.between(clock.instant(), reset).toMillis();
    return millis <= 0 ? 0 : (millis + 999) / 1000;
  }

  private static void write(HttpServletResponse response, int status, byte[] body)
      throws IOException {
    response.setStatus(status);
    response.setContentType(PROBLEM_JSON);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static byte[] problem(String slug, String title, int status, String detail) {
    try {
      return Json.mapper()
          .writeValueAsBytes(new Problem(TYPE + slug, title, status, detail, null, null));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a problem always serialises", e);
    }
  }
}
