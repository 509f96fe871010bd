package dev.latchkey.client;

import dev.latchkey.api.Problem;
import java.util.Optional;

/**
 * The server refused a request and said why in an RFC 9457 problem. Each status the API documents
 * has its own subclass; {@link UnexpectedStatusException} covers the rest. When a response carried
 * no readable problem (a proxy's error page), the SDK builds one from the status.
 */
public abstract sealed class LatchkeyApiException extends LatchkeyException
    permits InvalidRequestException,
        UnauthorizedException,
        ForbiddenException,
        NotFoundException,
        ConflictException,
        ServiceUnavailableException,
        UnexpectedStatusException {
  private final Problem problem;
  private final String requestId;

  LatchkeyApiException(Problem problem, String requestId) {
    super(describe(problem, requestId), null);
    this.problem = problem;
    this.requestId = requestId;
  }

  /** The HTTP status of the response. */
  public int status() {
    return problem.status();
  }

  /** The problem the server returned, with any secret redacted. */
  public Problem problem() {
    return problem;
  }

  /** The {@code X-Request-Id} of the response (or the problem's {@code request_id}). */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  private static String describe(Problem problem, String requestId) {
    StringBuilder text = new StringBuilder().append(problem.status()).append(' ');
    text.append(problem.title() == null ? "Error" : problem.title());
    if (problem.detail() != null) {
      text.append(": ").append(problem.detail());
    }
    if (problem.errors() != null) {
      for (Problem.FieldError error : problem.errors()) {
        text.append("; ").append(error.field()).append(": ").append(error.message());
      }
    }
    if (requestId != null) {
      text.append(" (request ").append(requestId).append(')');
    }
    return text.toString();
  }
}
