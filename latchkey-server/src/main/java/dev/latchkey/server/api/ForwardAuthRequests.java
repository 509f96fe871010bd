package dev.latchkey.server.api;

import dev.latchkey.api.Problem.FieldError;
import dev.latchkey.core.access.QuerySyntaxException;
import dev.latchkey.core.access.condition.AddressRanges;
import dev.latchkey.core.access.condition.ConditionInput;
import dev.latchkey.core.verify.Check;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.server.http.GatewayRequest;
import dev.latchkey.server.http.HttpProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a forward-auth request. The client's key: the configured key header (by default {@code
 * X-Api-Key}), else {@code Authorization: Bearer}, else (only when configured) the query parameter
 * {@code key}. The gateway's route configuration: query parameters {@code service}, {@code
 * permissions}, {@code cost}, {@code limits} or the headers {@code X-Latchkey-Service}, {@code
 * -Permissions}, {@code -Cost}, {@code -Limits}; on a suffix path ({@code /v1/forward-auth/…},
 * where Envoy appends the client's path and query) the query is the client's, so only the headers
 * count. The original method, path and client address are believed from the forwarding headers only
 * when the peer is a trusted proxy. A bad gateway parameter is a 400 naming it: a configuration
 * bug, not the client's.
 */
final class ForwardAuthRequests {
  /**
   * @param vouchedClient the client's address when a trusted proxy's forwarding headers named it
   *     (never the peer's own address: that is the gateway's, shared by all its clients)
   */
  record Parsed(Optional<String> key, Check check, Optional<String> vouchedClient) {}

  private ForwardAuthRequests() {}

  static Parsed parse(
      GatewayRequest ex, Verifier verifier, ForwardAuthSettings settings, boolean suffix) {
    Optional<String> key = clientKey(ex, settings.keyHeader(), settings.queryKey());
    List<FieldError> errors = new ArrayList<>();
    Check check = Check.of(key.orElse("")).within(ex.principal().services());
    Optional<String> service = gatewayParam(ex, suffix, "service", "X-Latchkey-Service");
    if (service.isPresent()
        && (service.get().isEmpty() || service.get().length() > VerifyRequests.MAX_SERVICE)) {
      errors.add(new FieldError("service", "must be a service id or name of 1 to 128 characters"));
    }
    Optional<String> permissions =
        gatewayParam(ex, suffix, "permissions", "X-Latchkey-Permissions");
    if (permissions.isPresent()) {
      try {
        check = check.requiring(verifier.query(permissions.get()));
      } catch (QuerySyntaxException e) {
        errors.add(new FieldError("permissions", e.getMessage()));
      }
    }
    Optional<String> cost = gatewayParam(ex, suffix, "cost", "X-Latchkey-Cost");
    if (cost.isPresent()) {
      long value = cost(cost.get());
      if (value < 0) {
        errors.add(
            new FieldError("cost", "must be a whole number 0 to " + VerifyRequests.MAX_COST));
      } else {
        check = check.costing(value);
      }
    }
    Optional<String> limits = gatewayParam(ex, suffix, "limits", "X-Latchkey-Limits");
    if (limits.isPresent()) {
      List<String> names = Arrays.stream(limits.get().split(",", -1)).map(String::strip).toList();
      int before = errors.size();
      limitNames(names, errors);
      if (errors.size() == before) {
        check = check.limitedBy(names);
      }
    }
    ConditionInput.Request request = request(ex, settings.trustedProxies(), suffix, service);
    if (request.method().length() > VerifyRequests.MAX_METHOD) {
      errors.add(new FieldError("X-Original-Method", "must be at most 32 characters"));
    }
    if (request.path().length() > VerifyRequests.MAX_PATH) {
      errors.add(new FieldError("X-Original-URI", "must be at most 2048 characters"));
    }
    if (!errors.isEmpty()) {
      throw HttpProblem.badRequest(errors);
    }
    check = check.withRequest(request);
    Optional<String> vouched =
        request.ip().equals(ex.sourceAddress()) ? Optional.empty() : Optional.of(request.ip());
    return new Parsed(key, service.isPresent() ? check.forService(service.get()) : check, vouched);
  }

  private static Optional<String> clientKey(GatewayRequest ex, String keyHeader, boolean queryKey) {
    Optional<String> key = ex.header(keyHeader).map(String::strip);
    if (key.isEmpty()) {
      key =
          ex.header("Authorization")
              .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
              .map(h -> h.substring(7).strip());
    }
    if (key.isEmpty() && queryKey) {
      key = ex.rawQuery("key");
    }
    // Longer than any key: judged like any other unknown key, never echoed.
    return key.filter(k -> !k.isEmpty())
        .map(k -> k.length() > VerifyRequests.MAX_PRESENTED ? "x" : k);
  }

  private static Optional<String> gatewayParam(
      GatewayRequest ex, boolean suffix, String query, String header) {
    Optional<String> value = suffix ? Optional.empty() : ex.query(query);
    return value.isPresent() ? value : ex.header(header).map(String::strip);
  }

  private static long cost(String text) {
    if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    long value = Long.parseLong(text);
    return value > VerifyRequests.MAX_COST ? -1 : value;
  }

  private static void limitNames(List<String> names, List<FieldError> errors) {
    if (names.size() > VerifyRequests.MAX_LIMIT_NAMES) {
      errors.add(new FieldError("limits", "must hold at most 16 names"));
      return;
    }
    for (String name : names) {
      if (!VerifyRequests.LIMIT_NAME.matcher(name).matches()) {
        errors.add(
            new FieldError(
                "limits", "must be limit names: 1 to 32 of a-z, 0-9, '_', '.', '-' each"));
        return;
      }
    }
  }

  private static ConditionInput.Request request(
      GatewayRequest ex, AddressRanges trusted, boolean suffix, Optional<String> service) {
    String peer = ex.sourceAddress();
    boolean fromProxy = trusted.contains(peer);
    String method = ex.method();
    // The suffix as sent (Helidon's path parameter is decoded already, and decoding twice would
    // turn %252e%252e into a dot segment the gateway never saw).
    String path = suffix ? ex.rawPath().substring(ForwardAuthEndpoints.BASE.length()) : "";
    String ip = peer;
    if (fromProxy) {
      method = forwarded(ex, "X-Original-Method", "X-Forwarded-Method").orElse(method);
      path = forwarded(ex, "X-Original-URI", "X-Forwarded-Uri").orElse(path);
      ip = clientAddress(ex, trusted).orElse(peer);
    }
    return new ConditionInput.Request(ip, method, canonical(path), service.orElse(""), Map.of());
  }

  /**
   * The path as a gateway routes it (nginx's {@code $uri}): without query or fragment,
   * percent-decoded, repeated slashes merged, {@code .} and {@code ..} segments resolved.
   * Conditions on the raw {@code X-Original-URI} could be passed with {@code /%6Frders} or {@code
   * /public/../orders} while the gateway sends the request on to {@code /orders}. A percent sign
   * not followed by two hex digits is kept as written.
   */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  static String canonical(String raw) {
    if (raw.isEmpty()) {
      return raw;
    }
    int end = raw.length();
    for (char stop : new char[] {'?', '#'}) {
      int at = raw.indexOf(stop);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    // Most paths are canonical as sent; only those are answered without the work below.
    return plain(raw, end) ? raw.substring(0, end) : resolved(raw, end);
  }

  /**
   * Whether {@code raw} up to {@code end} is its own canonical form: it starts with a slash, holds
   * only visible ASCII but {@code %} and {@code ;}, and no segment is empty (but the last) or
   * starts with a dot.
   */
  private static boolean plain(String raw, int end) {
    if (raw.charAt(0) != '/') {
      return false;
    }
    for (int i = 0; i < end; i++) {
      char c = raw.charAt(i);
      if (c <= ' ' || c > '~' || c == '%' || c == ';') {
        return false;
      }
      if (c == '/' && i + 1 < end && (raw.charAt(i + 1) == '/' || raw.charAt(i + 1) == '.')) {
        return false;
      }
    }
    return true;
  }

  /** {@link #canonical} the long way, for every path; {@code end} is where the query starts. */
  static String resolved(String raw, int end) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(end);
    for (int i = 0; i < end; i++) {
      char c = raw.charAt(i);
      int hi = i + 2 < end ? hex(raw.charAt(i + 1)) : -1;
      int lo = i + 2 < end ? hex(raw.charAt(i + 2)) : -1;
      if (c == '%' && hi >= 0 && lo >= 0) {
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c <= 0xFF) {
        bytes.write(c); // a header's characters are its bytes (ISO-8859-1)
      } else {
        byte[] encoded = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    String decoded = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    java.util.ArrayDeque<String> segments = new java.util.ArrayDeque<>();
    for (String written : decoded.split("/", -1)) {
      // Java containers drop ";parameters" from each segment before resolving dots, so that
      // "/public/..;/orders" is "/orders" to them: a condition must see the same.
      int parameters = written.indexOf(';');
      String segment = parameters < 0 ? written : written.substring(0, parameters);
      switch (segment) {
        case "", "." -> {}
        case ".." -> segments.pollLast();
        default -> segments.addLast(segment);
      }
    }
    String last = decoded.substring(decoded.lastIndexOf('/') + 1);
    int lastParameters = last.indexOf(';');
    last = lastParameters < 0 ? last : last.substring(0, lastParameters);
    boolean trailing = last.isEmpty() || last.equals(".") || last.equals("..");
    String path = "/" + String.join("/", segments);
    return trailing && !segments.isEmpty() ? path + "/" : path;
  }

  private static Optional<String> forwarded(GatewayRequest ex, String first, String second) {
    Optional<String> value = ex.header(first);
    return value.isPresent() ? value : ex.header(second);
  }

  /**
   * The rightmost {@code X-Forwarded-For} hop that is not a trusted proxy (hops left of it were
   * written by whoever sent the request and prove nothing), else {@code X-Real-IP}. A hop that is
   * no address literal is returned as written, bounded: no {@code in_cidr} range contains it.
   */
  private static Optional<String> clientAddress(GatewayRequest ex, AddressRanges trusted) {
    // All its lines: a proxy may add its own line rather than extend the client's, and reading
    // only the first would take the client's forged line for the chain.
    Optional<String> chain = ex.headerList("X-Forwarded-For");
    if (chain.isPresent()) {
      String[] hops = chain.get().split(",", -1);
      String hop = "";
      for (int i = hops.length - 1; i >= 0; i--) {
        hop = hops[i].strip();
        if (!trusted.contains(hop)) {
          break;
        }
      }
      return Optional.of(bounded(hop));
    }
    return ex.header("X-Real-IP").map(String::strip).map(ForwardAuthRequests::bounded);
  }

  private static String bounded(String address) {
    return address.length() > VerifyRequests.MAX_IP ? "invalid" : address;
  }
}
