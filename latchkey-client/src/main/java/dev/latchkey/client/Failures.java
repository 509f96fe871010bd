package dev.latchkey.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.latchkey.api.Json;
import dev.latchkey.api.Problem;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Maps an error response to its exception type: the one place statuses become types. */
final class Failures {
  private static final Map<Integer, String> TITLES =
      Map.ofEntries(
          Map.entry(400, "Bad Request"),
          Map.entry(401, "Unauthorized"),
          Map.entry(403, "Forbidden"),
          Map.entry(404, "Not Found"),
          Map.entry(405, "Method Not Allowed"),
          Map.entry(409, "Conflict"),
          Map.entry(413, "Content Too Large"),
          Map.entry(415, "Unsupported Media Type"),
          Map.entry(422, "Unprocessable Content"),
          Map.entry(429, "Too Many Requests"),
          Map.entry(500, "Internal Server Error"),
          Map.entry(502, "Bad Gateway"),
          Map.entry(503, "Service Unavailable"),
          Map.entry(504, "Gateway Timeout"));

  private Failures() {}

  static LatchkeyApiException of(int status, byte[] body, String requestId, Redactor redactor) {
    Problem problem = redactor.clean(problemOf(status, body));
    String id = requestId != null ? requestId : problem.requestId();
    return switch (status) {
      case 400 -> new InvalidRequestException(problem, id);
      case 401 -> new UnauthorizedException(problem, id);
      case 403 -> new ForbiddenException(problem, id);
      case 404 -> new NotFoundException(problem, id);
      case 409, 422 -> new ConflictException(problem, id);
      case 503 -> new ServiceUnavailableException(problem, id);
      default -> new UnexpectedStatusException(problem, id);
    };
  }

  /** The body's problem with the response's status, or one made from the status alone. */
  private static Problem problemOf(int status, byte[] body) {
    try {
      Problem read =
          Json.mapper()
              .readerFor(Problem.class)
              .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .readValue(body);
      if (read != null) {
        return new Problem(
            read.type(),
            read.title() != null ? read.title() : titleOf(status),
            status,
            read.detail(),
            read.requestId(),
            read.errors() == null ? List.of() : read.errors());
      }
    } catch (IOException | RuntimeException e) {
      // Not a problem document (a proxy's HTML page, an empty body): describe the status instead.
    }
    return new Problem("about:blank", titleOf(status), status, null, null, List.of());
  }

  private static String titleOf(int status) {
    return TITLES.getOrDefault(status, "HTTP " + status);
  }
}
