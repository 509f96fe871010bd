package dev.latchkey.server.http;

import dev.latchkey.core.access.Permission;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.verify.Authentication;
import dev.latchkey.core.verify.Verifier;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Dispatches every request: finds the route (404, or 405 with {@code Allow}), authenticates the
 * root key and checks the route's permission (401, 403), runs the handler, and sends its reply or
 * the problem its failure maps to. Every response carries {@code X-Request-Id} and {@code
 * Cache-Control: no-store} (responses may hold a secret shown once).
 *
 * <p>Thread-safe once built.
 */
public final class Router implements Handler {
  private static final int MAX_AUTHORIZATION = 512;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Router.class);

  /** The route label of a request whose path no route has: its path is never used as a label. */
  public static final String UNMATCHED = "unmatched";

  /** The logging context key of the request id, set while a request is handled. */
  public static final String MDC_REQUEST_ID = "request_id";

  /** Where a gateway route's caller presents its root key: the bare key, no scheme. */
  public static final String GATEWAY_KEY_HEADER = "X-Latchkey-Root-Key";

  private record Compiled(Route route, PathTemplate template, boolean gateway) {}

  /**
   * Told of each call that failed after its caller authenticated: denied (403) or refused as
   * invalid (400, 413, 415, 422), on a management route (not the gateway and verification routes,
   * whose failures are the data plane's). It must not throw; it runs before the reply is sent.
   */
  @FunctionalInterface
  public interface FailedCalls {
    void failed(Principal principal, Route route, String requestId, String source, Reply reply);
  }

  /**
   * A failed management call whose answer is made already (and its failure audited): carried to
   * {@link #handle} as it is. No stack trace.
   */
  private static final class Answered extends RuntimeException {
    private final transient Reply reply;

    Answered(Reply reply) {
      super(null, null, false, false);
      this.reply = reply;
    }
  }

  private static final java.util.Set<Integer> AUDITED_STATUSES =
      java.util.Set.of(400, 403, 413, 415, 422);
  private static final java.util.Set<Permission> DATA_PLANE =
      java.util.EnumSet.of(Permission.KEYS_VERIFY, Permission.RATELIMITS_CHECK);

  private FailedCalls failedCalls = (principal, route, requestId, source, reply) -> {};

  private final List<Compiled> routes = new ArrayList<>();
  private final Verifier verifier;
  // The routes a request can match, by the literal start of its path (PathTemplate.prefix), in the
  // order added; a path whose start no route has can only match the routes without a literal start.
  private Map<String, List<Compiled>> byPrefix = Map.of();
  private List<Compiled> unprefixed = List.of();
  private RequestObserver observer = RequestObserver.NONE;

  public Router(Verifier verifier) {
    this.verifier = verifier;
  }

  /** Adds an unauthenticated route. */
  public Router open(String method, String template, Route.Handler handler) {
    add(
        new Compiled(
            new Route(method, template, Optional.empty(), "Authorization", handler),
            new PathTemplate(template),
            false));
    return this;
  }

  /**
   * Adds a route without a root key whose handler authenticates the request by a signature in
   * {@code signatureHeader} (a webhook-like report from another system).
   */
  public Router signed(
      String method, String template, String signatureHeader, Route.Handler handler) {
    add(
        new Compiled(
            new Route(method, template, Optional.empty(), signatureHeader, handler),
            new PathTemplate(template),
            false));
    return this;
  }

  /** Adds a route that needs a root key holding {@code permission}. */
  public Router guarded(
      String method, String template, Permission permission, Route.Handler handler) {
    add(
        new Compiled(
            new Route(method, template, Optional.of(permission), "Authorization", handler),
            new PathTemplate(template),
            false));
    return this;
  }

  /**
   * Adds a route for gateways: the caller's root key, holding {@code permission}, comes in {@link
   * #GATEWAY_KEY_HEADER} (the {@code Authorization} header belongs to the gateway's client). When
   * {@code greedyTail}, the template's last parameter takes the rest of the path.
   */
  public Router gateway(
      String method,
      String template,
      boolean greedyTail,
      Permission permission,
      Route.Handler handler) {
    add(
        new Compiled(
            new Route(method, template, Optional.of(permission), GATEWAY_KEY_HEADER, handler),
            new PathTemplate(template, greedyTail),
            true));
    return this;
  }

  private void add(Compiled route) {
    routes.add(route);
    Map<String, List<Compiled>> by = new HashMap<>();
    for (Compiled c : routes) {
      c.template().prefix().ifPresent(p -> by.put(p, new ArrayList<>()));
    }
    for (Compiled c : routes) {
      Optional<String> prefix = c.template().prefix();
      by.forEach(
          (p, candidates) -> {
            if (prefix.isEmpty() || prefix.get().equals(p)) {
              candidates.add(c);
            }
          });
    }
    byPrefix = Map.copyOf(by);
    unprefixed = routes.stream().filter(c -> c.template().prefix().isEmpty()).toList();
  }

  /** Audits failed management calls with {@code calls}; set once, before serving. */
  public Router auditFailures(FailedCalls calls) {
    this.failedCalls = calls;
    return this;
  }

  /** Tells {@code observer} of every request answered from now on; set before serving. */
  public Router observedBy(RequestObserver observer) {
    this.observer = observer;
    return this;
  }

  /** Every route, in the order added. */
  public List<Route> routes() {
    return routes.stream().map(Compiled::route).toList();
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    long started = System.nanoTime();
    String requestId = Ids.newCorrelationId("req");
    // Every log line written while this request is handled carries its id.
    org.slf4j.MDC.put(MDC_REQUEST_ID, requestId);
    String[] route = {UNMATCHED};
    try {
      Reply reply;
      try {
        reply = dispatch(req, requestId, route);
      } catch (Answered a) {
        reply = a.reply;
      } catch (RuntimeException e) {
        reply = Problems.toReply(e, requestId);
      }
      if (req.prologue().method().text().equals("HEAD") && reply.stream() == null) {
        // HEAD: the headers a GET would get, no body
        reply = new Reply(reply.status(), new byte[0], reply.contentType(), reply.headers());
      }
      send(res, reply, requestId);
      observer.completed(
          RequestObserver.method(req.prologue().method().text()),
          () -> req.remotePeer().host(),
          route[0],
          reply.status(),
          System.nanoTime() - started);
    } finally {
      org.slf4j.MDC.remove(MDC_REQUEST_ID);
    }
  }

  /**
   * Sends {@code reply} with the headers every answer carries ({@code X-Request-Id}, {@code
   * Cache-Control: no-store}); a streaming reply is written until it ends or the client leaves.
   */
  public static void send(ServerResponse res, Reply reply, String requestId) {
    res.status(reply.status());
    if (reply.status() != 204) { // no content, so no content type
      res.header(HeaderNames.CONTENT_TYPE, reply.contentType());
    }
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
    res.header(KnownHeaders.named("X-Request-Id"), requestId);
    reply.headers().forEach((name, value) -> res.header(KnownHeaders.named(name), value));
    if (reply.stream() == null) {
      res.send(reply.body());
      return;
    }
    try (OutputStream out = res.outputStream()) {
      reply.stream().writeTo(out);
    } catch (IOException e) {
      // the client went away: the stream is over
    }
  }

  private void auditFailure(
      Principal principal, Route route, ServerRequest req, String requestId, Reply reply) {
    if (!AUDITED_STATUSES.contains(reply.status())) {
      return;
    }
    try {
      failedCalls.failed(principal, route, requestId, req.remotePeer().host(), reply);
    } catch (RuntimeException e) {
      // The call failed anyway and its answer stands; the missing event is reported here.
      LOG.warn("could not audit the failed call of request {}", requestId, e);
    }
  }

  /** Dispatches; {@code route[0]} becomes the template of the first route whose path matched. */
  private Reply dispatch(ServerRequest req, String requestId, String[] route) {
    String method = req.prologue().method().text();
    List<String> path = PathTemplate.split(req.path().path());
    TreeSet<String> allowed = new TreeSet<>();
    for (Compiled c : byPrefix.getOrDefault(PathTemplate.prefixOf(path), unprefixed)) {
      Optional<Map<String, String>> params = c.template().match(path);
      if (params.isEmpty()) {
        continue;
      }
      if (route[0] == UNMATCHED) {
        route[0] = c.route().template();
      }
      if (!c.route().method().equals(method)) {
        allowed.add(c.route().method());
        continue;
      }
      return run(c, req, requestId, params.get());
    }
    if (!allowed.isEmpty()) {
      throw HttpProblem.methodNotAllowed(String.join(", ", allowed));
    }
    // The path is not echoed: a client may have put a secret in it.
    throw HttpProblem.notFound("no endpoint has this path; see /openapi.yaml");
  }

  private Reply run(Compiled c, ServerRequest req, String requestId, Map<String, String> params) {
    Route route = c.route();
    if (route.permission().isEmpty()) {
      return route.handler().handle(new Exchange(req, requestId, params, null, null));
    }
    String bearer =
        c.gateway()
            ? gatewayKey(req.headers().first(KnownHeaders.named(GATEWAY_KEY_HEADER)))
            : bearer(req);
    Principal principal =
        authenticate(verifier, bearer, c.gateway(), () -> req.remotePeer().host(), requestId);
    Permission needed = route.permission().get();
    if (c.gateway() || DATA_PLANE.contains(needed)) {
      // The data plane: its failures are verdicts, not management events (and it allocates
      // nothing more here).
      return authorized(route, needed, principal, req, requestId, params, bearer);
    }
    try {
      return authorized(route, needed, principal, req, requestId, params, bearer);
    } catch (RuntimeException e) {
      Reply reply = Problems.toReply(e, requestId);
      auditFailure(principal, route, req, requestId, reply);
      throw new Answered(reply);
    }
  }

  private static Reply authorized(
      Route route,
      Permission needed,
      Principal principal,
      ServerRequest req,
      String requestId,
      Map<String, String> params,
      String bearer) {
    if (!principal.holds(needed)) {
      throw HttpProblem.forbidden("this root key lacks the permission " + needed.wireName());
    }
    return route.handler().handle(new Exchange(req, requestId, params, principal, bearer));
  }

  /**
   * The principal of a gateway whose root key came in {@link #GATEWAY_KEY_HEADER} as {@code
   * header}, holding {@code needed}: for a listener other than the API's, with the API's answers.
   *
   * @param peer the connection's peer, for the debug line of a rejected key
   * @throws HttpProblem 401 for a missing or rejected key, 403 when it lacks {@code needed}
   */
  public static Principal authenticateGateway(
      Verifier verifier,
      Optional<String> header,
      Permission needed,
      Supplier<String> peer,
      String requestId) {
    Principal principal = authenticate(verifier, gatewayKey(header), true, peer, requestId);
    if (!principal.holds(needed)) {
      throw HttpProblem.forbidden("this root key lacks the permission " + needed.wireName());
    }
    return principal;
  }

  private static Principal authenticate(
      Verifier verifier, String bearer, boolean gateway, Supplier<String> peer, String requestId) {
    return switch (verifier.authenticate(bearer)) {
      case Authentication.Authenticated a -> a.principal();
      case Authentication.Rejected r -> {
        LOG.debug(
            "root key rejected ({}) from {} in request {}", r.reason(), peer.get(), requestId);
        throw gateway
            ? HttpProblem.gatewayUnauthorized(GATEWAY_KEY_HEADER)
            : HttpProblem.unauthorized();
      }
    };
  }

  private static String gatewayKey(Optional<String> value) {
    String header = value.orElse("");
    if (header.isBlank() || header.length() > MAX_AUTHORIZATION) {
      throw HttpProblem.gatewayUnauthorized(GATEWAY_KEY_HEADER);
    }
    return header.strip();
  }

  private static String bearer(ServerRequest req) {
    String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
    if (header.length() > MAX_AUTHORIZATION || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw HttpProblem.unauthorized();
    }
    return header.substring(7).strip();
  }
}
