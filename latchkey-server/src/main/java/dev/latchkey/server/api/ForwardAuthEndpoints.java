package dev.latchkey.server.api;

import dev.latchkey.api.RateLimitState;
import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.server.http.GatewayRequest;
import dev.latchkey.server.http.HttpProblem;
import dev.latchkey.server.http.Reply;
import dev.latchkey.server.http.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/forward-auth[/…]}, under {@link #METHODS} (Envoy's HTTP ext_authz asks with the
 * client's own method): the answer a gateway (nginx {@code auth_request}, Envoy ext_authz, Traefik
 * ForwardAuth, Caddy {@code forward_auth}) asks for before letting a request through. The gateway
 * authenticates with a root key holding {@code keys.verify} in {@code X-Latchkey-Root-Key}; the
 * client's key and the request come as {@link ForwardAuthRequests} reads them. Every denial of one
 * status has the same body and headers whatever the internal reason. The API's router and the
 * forward-auth listener ({@code dev.latchkey.server.gateway}) both answer through {@link #answer}.
 */
public final class ForwardAuthEndpoints {
  /** The route's path. */
  public static final String BASE = "/v1/forward-auth";

  /** The route's path with a suffix (Envoy's HTTP ext_authz appends the client's path). */
  public static final String SUFFIX = BASE + "/{path}";

  /**
   * The methods a gateway may ask with: those an OpenAPI path item can name, but {@code TRACE}.
   * Without trusted forwarding headers, the method conditions see is the request's own.
   */
  public static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

  private static final Map<String, String> CHALLENGE =
      Map.of("WWW-Authenticate", "Bearer realm=\"latchkey\"");

  private final Verifier verifier;
  private final Clock clock;
  private final ForwardAuthSettings settings;

  public ForwardAuthEndpoints(Verifier verifier, Clock clock, ForwardAuthSettings settings) {
    this.verifier = verifier;
    this.clock = clock;
    this.settings = settings;
  }

  /** Adds the route, under every method of {@link #METHODS}, to the API's router. */
  void register(Router router) {
    for (String method : METHODS) {
      router.gateway(method, BASE, false, Permission.KEYS_VERIFY, this::answer);
      router.gateway(method, SUFFIX, true, Permission.KEYS_VERIFY, this::answer);
    }
  }

  /**
   * The answer to a gateway whose root key (holding {@code keys.verify}) is authenticated already,
   * for a request whose decoded path is {@link #BASE} or under it.
   *
   * @throws HttpProblem the denial (401, 403 or 429, the same whatever the internal reason), a 400
   *     naming a bad route parameter, or a 404 for a path that is {@link #BASE} only once decoded
   *     or normalised
   */
  public Reply answer(GatewayRequest ex) {
    // The path as sent decides between the base route (whose query is the gateway's) and a
    // suffix (whose query is the client's). A listener that normalises paths would otherwise take
    // /v1/forward-auth/orders/../../forward-auth?permissions=… for the base route, and the client's
    // query for the route's settings.
    String raw = ex.rawPath();
    boolean suffix = !raw.equals(BASE);
    if (suffix && !raw.startsWith(BASE + "/")) {
      throw HttpProblem.notFound("forward auth is asked at " + BASE + " or under it, as written");
    }
    ForwardAuthRequests.Parsed parsed = ForwardAuthRequests.parse(ex, verifier, settings, suffix);
    // An address that was guessing keys, blocked for a while: its keys are not even looked at.
    // Only a client a trusted proxy named is blocked, never the peer (the gateway itself).
    if (parsed.vouchedClient().isPresent() && verifier.blocked(parsed.vouchedClient().get())) {
      throw tooMany(Map.of());
    }
    if (parsed.key().isEmpty()) {
      throw unauthenticated();
    }
    String workspace = ex.principal().workspaceId();
    List<List<String>> grants = new ArrayList<>(1);
    Verdict verdict = verifier.verify(workspace, parsed.check(), grants::add);
    if (parsed.vouchedClient().isPresent()
        && (verdict.code() == VerifyCode.NOT_FOUND || verdict.code() == VerifyCode.MALFORMED)) {
      verifier.guessedFrom(parsed.vouchedClient().get());
    }
    return switch (verdict.code()) {
      case VALID -> allowed(verdict, grants.getFirst(), clock);
      case MALFORMED, NOT_FOUND, REVOKED, EXPIRED, DISABLED, WRONG_SERVICE ->
          throw unauthenticated();
      case INSUFFICIENT_PERMISSIONS, CONDITION_FAILED ->
          throw HttpProblem.denied(403, "Forbidden", Map.of());
      case RATE_LIMITED -> throw tooMany(retryAfter(verdict.rateLimit(), clock));
      case USAGE_EXCEEDED -> throw tooMany(Map.of());
    };
  }

  private static Reply allowed(Verdict verdict, List<String> grants, Clock clock) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Latchkey-Key-Id", verdict.keyId());
    if (verdict.consumer() != null) {
      headers.put("X-Latchkey-Consumer", verdict.consumer());
    }
    headers.put("X-Latchkey-Permissions", String.join(",", grants));
    headers.putAll(rateLimitHeaders(verdict.rateLimit(), clock));
    return new Reply(200, new byte[0], "text/plain; charset=utf-8", headers);
  }

  /** The IETF draft's fields for the applied limit with the least remaining. */
  private static Map<String, String> rateLimitHeaders(RateLimitState limit, Clock clock) {
    if (limit == null) {
      return Map.of();
    }
    return Map.of(
        "RateLimit-Limit", Long.toString(limit.limit()),
        "RateLimit-Remaining", Long.toString(limit.remaining()),
        "RateLimit-Reset", Long.toString(secondsUntil(limit.reset(), clock)));
  }

  private static Map<String, String> retryAfter(RateLimitState limit, Clock clock) {
    if (limit == null) {
      return Map.of();
    }
    Map<String, String> headers = new LinkedHashMap<>(rateLimitHeaders(limit, clock));
    headers.put("Retry-After", Long.toString(Math.max(1, secondsUntil(limit.reset(), clock))));
    return headers;
  }

  private static long secondsUntil(Instant reset, Clock clock) {
    long millis = Duration.between(clock.instant(), reset).toMillis();
    return millis <= 0 ? 0 : (millis + 999) / 1000;
  }

  private static HttpProblem unauthenticated() {
    return HttpProblem.denied(401, "Unauthorized", CHALLENGE);
  }

  private static HttpProblem tooMany(Map<String, String> headers) {
    return HttpProblem.denied(429, "Too many requests", headers);
  }
}
