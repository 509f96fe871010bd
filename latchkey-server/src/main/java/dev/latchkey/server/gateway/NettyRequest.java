package dev.latchkey.server.gateway;

import dev.latchkey.core.access.Principal;
import dev.latchkey.server.http.GatewayRequest;
import dev.latchkey.server.http.HttpProblem;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A request the forward-auth listener took, as the forward-auth answer reads it. */
final class NettyRequest implements GatewayRequest {
  // The names the code asks for, each made once: an AsciiString keeps its case-insensitive hash,
  // which Netty would otherwise work out on every lookup of a String name. Only names the code
  // chose come here, so the map stays small.
  private static final ConcurrentHashMap<String, AsciiString> NAMES = new ConcurrentHashMap<>();

  private final HttpRequest request;
  private final QueryStringDecoder uri;
  private final String requestId;
  private final String rawPath;
  private final String peer;
  private final Principal principal;
  private Map<String, List<String>> query;

  NettyRequest(
      HttpRequest request,
      QueryStringDecoder uri,
      String requestId,
      String rawPath,
      String peer,
      Principal principal) {
    this.request = request;
    this.uri = uri;
    this.requestId = requestId;
    this.rawPath = rawPath;
    this.peer = peer;
    this.principal = principal;
  }

  @Override
  public String requestId() {
    return requestId;
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String rawPath() {
    return rawPath;
  }

  @Override
  public Optional<String> header(String name) {
    return Optional.ofNullable(request.headers().get(named(name)));
  }

  @Override
  public Optional<String> headerList(String name) {
    List<String> values = request.headers().getAll(named(name));
    return values.isEmpty() ? Optional.empty() : Optional.of(String.join(",", values));
  }

  static AsciiString named(String name) {
    return NAMES.computeIfAbsent(name, AsciiString::cached);
  }

  @Override
  public Optional<String> query(String name) {
    return rawQuery(name).map(value -> GatewayRequest.bounded(name, value));
  }

  @Override
  public Optional<String> rawQuery(String name) {
    List<String> values = query().get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  private Map<String, List<String>> query() {
    if (query == null) {
      try {
        query = uri.parameters();
      } catch (IllegalArgumentException e) { // a bad percent escape; not echoed
        throw HttpProblem.badRequest("query", "is not a well-formed query string");
      }
    }
    return query;
  }

  @Override
  public String sourceAddress() {
    return peer;
  }

  @Override
  public Principal principal() {
    return principal;
  }
}
