package dev.latchkey.server.http;

import dev.latchkey.core.secret.Ids;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import java.util.Map;

/**
 * Problems for requests the HTTP layer refuses before any route sees them (a malformed URI or
 * header, a request line too long), so that these answers too are problem+json with a request id.
 * Helidon's message is not echoed: it may quote the request.
 */
public final class TransportProblems implements DirectHandler {
  private TransportProblems() {}

  /** Direct handlers answering every transport-level event with a problem. */
  public static DirectHandlers handlers() {
    TransportProblems handler = new TransportProblems();
    DirectHandlers.Builder builder = DirectHandlers.builder();
    for (EventType type : EventType.values()) {
      builder.addHandler(type, handler);
    }
    return builder.build();
  }

  @Override
  public TransportResponse handle(
      TransportRequest request,
      EventType eventType,
      Status status,
      ServerResponseHeaders headers,
      String message) {
    String requestId = Ids.newCorrelationId("req");
    HttpProblem problem =
        switch (status.code()) {
          case 413 -> HttpProblem.payloadTooLarge(Exchange.MAX_BODY);
          case 414 -> HttpProblem.tooLong(414, Exchange.MAX_REQUEST_LINE);
          case 431 -> HttpProblem.tooLong(431, Exchange.MAX_HEADERS);
          case 400 -> HttpProblem.badRequest("request", "is not a well-formed HTTP request");
          default -> null;
        };
    Reply reply =
        problem == null
            ? Problems.toReply(new IllegalStateException("transport: " + eventType), requestId)
            : Problems.toReply(problem, requestId);
    TransportResponse.Builder response =
        TransportResponse.builder()
            .status(Status.create(reply.status()))
            .headers(headers)
            .header(HeaderNames.CONTENT_TYPE, reply.contentType())
            .header(HeaderNames.CACHE_CONTROL, "no-store")
            .header(KnownHeaders.named("X-Request-Id"), requestId)
            .keepAlive(eventType.keepAlive())
            .entity(reply.body());
    for (Map.Entry<String, String> h : reply.headers().entrySet()) {
      response.header(KnownHeaders.named(h.getKey()), h.getValue());
    }
    return response.build();
  }
}
