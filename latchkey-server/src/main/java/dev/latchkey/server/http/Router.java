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

  /** Where a gateway route's caller presents its root key: the bare key, no scheme. */
  public static final String GATEWAY_KEY_HEADER = "X-Latchkey-Root-Key";

  private record Compiled(Route route, PathTemplate template, boolean gateway) {}

  private final List<Compiled> routes = new ArrayList<>();
  private final Verifier verifier;
  // The routes a request can match, by the literal start of its path (PathTemplate.prefix), in the
  // order added; a path whose start no route has can only match the routes without a literal start.
  private Map<String, List<Compiled>> byPrefix = Map.of();
  private List<Compiled> unprefixed = List.of();

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

  /** Every route, in the order added. */
  public List<Route> routes() {
    return routes.stream().map(Compiled::route).toList();
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    String requestId = Ids.newCorrelationId("req");
    Reply reply;
    try {
      reply = dispatch(req, requestId);
    } catch (RuntimeException e) {
      reply = Problems.toReply(e, requestId);
    }
    if (req.prologue().method().text().equals("HEAD") && reply.stream() == null) {
      // HEAD: the headers a GET would get, no body
      reply = new Reply(reply.status(), new byte[0], reply.contentType(), reply.headers());
    }
    send(res, reply, requestId);
  }

  /**
   * Sends {@code reply} with the headers every answer carries ({@code X-Request-Id}, {@code
   * Cache-Control: no-store}); a streaming reply is written until it ends or the client leaves.
   */
  public static void send(ServerResponse res, Reply reply, String requestId) {
    res.status(reply.status());
    res.header(HeaderNames.CONTENT_TYPE, reply.contentType());
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

  private Reply dispatch(ServerRequest req, String requestId) {
    String method = req.prologue().method().text();
    List<String> path = PathTemplate.split(req.path().path());
    TreeSet<String> allowed = new TreeSet<>();
    for (Compiled c : byPrefix.getOrDefault(PathTemplate.prefixOf(path), unprefixed)) {
      Optional<Map<String, String>> params = c.template().match(path);
      if (params.isEmpty()) {
        continue;
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
    String bearer = c.gateway() ? gatewayKey(req) : bearer(req);
    Principal principal =
        switch (verifier.authenticate(bearer)) {
          case Authentication.Authenticated a -> a.principal();
          case Authentication.Rejected r -> {
            LOG.debug(
                "root key rejected ({}) from {} in request {}",
                r.reason(),
                req.remotePeer().host(),
                requestId);
            throw c.gateway()
                ? HttpProblem.gatewayUnauthorized(GATEWAY_KEY_HEADER)
                : HttpProblem.unauthorized();
          }
        };
    Permission needed = route.permission().get();
    if (!principal.holds(needed)) {
      throw HttpProblem.forbidden("this root key lacks the permission " + needed.wireName());
    }
    return route.handler().handle(new Exchange(req, requestId, params, principal, bearer));
  }

  private static String gatewayKey(ServerRequest req) {
    String header = req.headers().first(KnownHeaders.named(GATEWAY_KEY_HEADER)).orElse("");
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
