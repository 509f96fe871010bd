package dev.latchkey.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.latchkey.api.Json;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.manage.Caller;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One request as handlers see it: path parameters, bounded query and body access, the caller. Not
 * thread-safe; lives for one request.
 */
public final class Exchange implements GatewayRequest {
  /** Largest accepted request body. */
  public static final int MAX_BODY = 64 * 1024;

  /** Longest request line read, on every listener (the path of a gateway's suffix request). */
  public static final int MAX_REQUEST_LINE = 8192;

  /** Largest header block read, on every listener. */
  public static final int MAX_HEADERS = 16384;

  private final ServerRequest request;
  private final String requestId;
  private final Map<String, String> pathParams;
  private final Principal principal;
  private final String bearer;
  private byte[] body;

  Exchange(
      ServerRequest request,
      String requestId,
      Map<String, String> pathParams,
      Principal principal,
      String bearer) {
    this.request = request;
    this.requestId = requestId;
    this.pathParams = pathParams;
    this.principal = principal;
    this.bearer = bearer;
  }

  @Override
  public String requestId() {
    return requestId;
  }

  @Override
  public String method() {
    return request.prologue().method().text();
  }

  public String path() {
    return request.path().path();
  }

  /** The request's path as sent, still percent-encoded. */
  @Override
  public String rawPath() {
    return request.path().rawPath();
  }

  /** A path parameter of the matched route. */
  public String param(String name) {
    return pathParams.get(name);
  }

  /** The authenticated root key; only on routes that require a permission. */
  @Override
  public Principal principal() {
    if (principal == null) {
      throw new IllegalStateException("route has no authentication");
    }
    return principal;
  }

  /** The plaintext bearer the caller presented; used only to seal idempotent responses. */
  public String bearerSecret() {
    return bearer;
  }

  /** The caller, for mutations and the audit log. */
  public Caller caller() {
    return new Caller(principal(), requestId, sourceAddress());
  }

  @Override
  public String sourceAddress() {
    return request.remotePeer().host();
  }

  /** A request header's first value; {@code name} is one the code chose, never the request. */
  @Override
  public Optional<String> header(String name) {
    return request.headers().first(KnownHeaders.named(name));
  }

  /**
   * Every value of a list-valued request header, in order, joined by commas as RFC 9110 says
   * repeated lines mean ({@code X-Forwarded-For} sent on two lines is one list); empty if absent.
   */
  @Override
  public Optional<String> headerList(String name) {
    List<String> values = request.headers().all(KnownHeaders.named(name), List::of);
    return values.isEmpty() ? Optional.empty() : Optional.of(String.join(",", values));
  }

  /** A query parameter; bounded in length. */
  @Override
  public Optional<String> query(String name) {
    if (!request.query().contains(name)) {
      return Optional.empty();
    }
    return Optional.of(GatewayRequest.bounded(name, request.query().get(name)));
  }

  /** A query parameter as sent, unbounded: for a value judged elsewhere (a presented key). */
  @Override
  public Optional<String> rawQuery(String name) {
    return request.query().contains(name)
        ? Optional.of(request.query().get(name))
        : Optional.empty();
  }

  /** The request body, at most {@link #MAX_BODY} bytes; empty when there is none. */
  public byte[] body() {
    if (body == null) {
      body = readBody();
    }
    return body;
  }

  private byte[] readBody() {
    if (request.headers().contentLength().orElse(0) > MAX_BODY) {
      throw HttpProblem.payloadTooLarge(MAX_BODY);
    }
    if (!request.content().hasEntity()) {
      return new byte[0];
    }
    try (InputStream in = request.content().inputStream()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw HttpProblem.payloadTooLarge(MAX_BODY);
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the request body", e);
    }
  }

  /**
   * The body as a wire record. An empty body reads as {@code emptyBody} when given, else fails.
   * Unknown fields, wrong types and malformed JSON fail with a 400 naming the field, never echoing
   * the value (it may be a secret).
   */
  public <T> T json(Class<T> type, T emptyBody) {
    byte[] bytes = body();
    if (isBlank(bytes)) {
      if (emptyBody != null) {
        return emptyBody;
      }
      throw HttpProblem.badRequest("body", "is required: a JSON object");
    }
    return convert(tree(bytes), type);
  }

  /**
   * A PATCH body: at least one field; {@code null} only for the fields in {@code clearable} (an
   * absent field is left unchanged, so a {@code null} elsewhere would silently do nothing).
   */
  public <T> T patch(Class<T> type, Set<String> clearable) {
    byte[] bytes = body();
    if (isBlank(bytes)) {
      throw HttpProblem.badRequest("body", "is required: a JSON object naming what to change");
    }
    JsonNode tree = tree(bytes);
    if (tree.isObject() && tree.isEmpty()) {
      throw HttpProblem.badRequest("body", "names no field to change");
    }
    for (Map.Entry<String, JsonNode> field : tree.properties()) {
      if (field.getValue().isNull() && !clearable.contains(field.getKey())) {
        String name = JsonErrors.safe(field.getKey());
        throw HttpProblem.badRequest(name, "cannot be null; leave it out to keep it");
      }
    }
    return convert(tree, type);
  }

  private JsonNode tree(byte[] bytes) {
    String contentType = request.headers().contentType().map(t -> t.mediaType().text()).orElse("");
    if (!contentType.equalsIgnoreCase("application/json")) {
      throw HttpProblem.unsupportedMediaType();
    }
    try {
      JsonNode tree = Json.mapper().readTree(bytes);
      if (tree == null || !tree.isObject()) {
        throw HttpProblem.badRequest("body", "must be a JSON object");
      }
      return tree;
    } catch (StreamConstraintsException e) {
      throw HttpProblem.badRequest("body", "exceeds a size or nesting limit");
    } catch (JsonProcessingException e) {
      throw HttpProblem.badRequest(
          "body",
          "is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the request body", e);
    }
  }

  private static <T> T convert(JsonNode tree, Class<T> type) {
    try {
      return Json.mapper().treeToValue(tree, type);
    } catch (UnrecognizedPropertyException e) {
      throw HttpProblem.badRequest(JsonErrors.path(e), "is not a known field");
    } catch (JsonMappingException e) {
      throw HttpProblem.badRequest(JsonErrors.path(e), JsonErrors.expectation(e));
    } catch (JsonProcessingException e) {
      throw HttpProblem.badRequest("body", "is not valid JSON");
    }
  }

  private static boolean isBlank(byte[] bytes) {
    if (bytes.length == 0) {
      return true;
    }
    for (byte b : bytes) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
