package dev.latchkey.server.http;

import dev.latchkey.api.Problem.FieldError;
import java.util.List;
import java.util.Map;

/**
 * A failure the HTTP layer detects itself (bad header, body too large, wrong method), carrying the
 * problem to answer with. Its message is shown to the client, so it never holds request data.
 */
public final class HttpProblem extends RuntimeException {
  private final int status;
  private final String slug;
  private final String title;
  private final List<FieldError> errors;
  private final Map<String, String> headers;

  HttpProblem(
      int status,
      String slug,
      String title,
      String detail,
      List<FieldError> errors,
      Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.headers = Map.copyOf(headers);
  }

  public static HttpProblem badRequest(String field, String message) {
    return new HttpProblem(
        400,
        "invalid-request",
        "Invalid request",
        field + " " + message,
        List.of(new FieldError(field, message)),
        Map.of());
  }

  public static HttpProblem badRequest(List<FieldError> errors) {
    String detail = errors.getFirst().field() + " " + errors.getFirst().message();
    return new HttpProblem(400, "invalid-request", "Invalid request", detail, errors, Map.of());
  }

  public static HttpProblem unauthorized() {
    return new HttpProblem(
        401,
        "unauthorized",
        "Unauthorized",
        "a valid root key is required as Authorization: Bearer <root key>",
        List.of(),
        Map.of("WWW-Authenticate", "Bearer realm=\"latchkey\""));
  }

  /**
   * A public-leak report without a valid signature of a configured reporter. No {@code
   * WWW-Authenticate}: the reporter signs, it does not log in.
   */
  public static HttpProblem reportUnsigned() {
    return new HttpProblem(
        401,
        "invalid-signature",
        "Invalid signature",
        "the report must be signed by a configured reporter (Github-Public-Key-Signature)",
        List.of(),
        Map.of());
  }

  /**
   * A gateway presented no valid root key in {@code header}: unlike {@link #unauthorized()}, no
   * {@code WWW-Authenticate}, since the answer is about the gateway's configuration, not the
   * client's credential.
   */
  public static HttpProblem gatewayUnauthorized(String header) {
    return new HttpProblem(
        401,
        "gateway-unauthorized",
        "Gateway unauthorized",
        "the gateway must present a root key holding keys.verify in " + header,
        List.of(),
        Map.of());
  }

  /**
   * A forward-auth denial: the same problem whatever the internal reason, so that a client learns
   * nothing beyond the status.
   */
  public static HttpProblem denied(int status, String title, Map<String, String> headers) {
    return new HttpProblem(
        status, "access-denied", title, "the request is not allowed", List.of(), headers);
  }

  public static HttpProblem forbidden(String detail) {
    return new HttpProblem(403, "forbidden", "Forbidden", detail, List.of(), Map.of());
  }

  public static HttpProblem notFound(String detail) {
    return new HttpProblem(404, "not-found", "Not found", detail, List.of(), Map.of());
  }

  public static HttpProblem methodNotAllowed(String allow) {
    return new HttpProblem(
        405,
        "method-not-allowed",
        "Method not allowed",
        "this path accepts " + allow,
        List.of(),
        Map.of("Allow", allow));
  }

  public static HttpProblem payloadTooLarge(long limit) {
    return new HttpProblem(
        413,
        "payload-too-large",
        "Payload too large",
        "the body must be at most " + limit + " bytes",
        List.of(),
        Map.of());
  }

  /**
   * A request line (414) or header block (431) longer than the listener reads; {@code limit} is its
   * bound in bytes.
   */
  public static HttpProblem tooLong(int status, long limit) {
    boolean line = status == 414;
    return new HttpProblem(
        status,
        line ? "uri-too-long" : "header-fields-too-large",
        line ? "URI too long" : "Request header fields too large",
        (line ? "the request line" : "the header fields") + " must be at most " + limit + " bytes",
        List.of(),
        Map.of());
  }

  /** The node cannot answer yet or now (starting, store unreachable); the client may retry. */
  public static HttpProblem unavailable(String detail) {
    return new HttpProblem(
        503,
        "service-unavailable",
        "Service unavailable",
        detail,
        List.of(),
        Map.of("Retry-After", "1"));
  }

  public static HttpProblem unsupportedMediaType() {
    return new HttpProblem(
        415,
        "unsupported-media-type",
        "Unsupported media type",
        "the body must be Content-Type: application/json",
        List.of(),
        Map.of("Accept", "application/json"));
  }

  public int status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
