package dev.latchkey.server.api;

import dev.latchkey.api.CheckRateLimit;
import dev.latchkey.api.OpenApi;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.access.condition.Conditions;
import dev.latchkey.core.anomaly.Signals;
import dev.latchkey.core.feed.ChangeFollower;
import dev.latchkey.core.limit.Limiter;
import dev.latchkey.core.manage.AccessReports;
import dev.latchkey.core.manage.Alerts;
import dev.latchkey.core.manage.AuditTrail;
import dev.latchkey.core.manage.Consumers;
import dev.latchkey.core.manage.Keys;
import dev.latchkey.core.manage.Leaks;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.OneTimeLinks;
import dev.latchkey.core.manage.RateLimitChecks;
import dev.latchkey.core.manage.Roles;
import dev.latchkey.core.manage.RootKeys;
import dev.latchkey.core.manage.RotationPolicies;
import dev.latchkey.core.manage.Rotations;
import dev.latchkey.core.manage.Services;
import dev.latchkey.core.manage.Sinks;
import dev.latchkey.core.manage.Webhooks;
import dev.latchkey.core.sink.SinkCatalog;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.server.http.HttpProblem;
import dev.latchkey.server.http.Reply;
import dev.latchkey.server.http.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The whole route table of the server. */
public final class Endpoints {
  private Endpoints() {}

  /**
   * What the rotation routes need.
   *
   * @param sinks the sink drivers and the sealing of sinks' credentials
   * @param links the one-time links rotations deliver through
   * @param node the node id rotations started by a request run under (the scheduler's)
   */
  public record Rotation(
      SinkCatalog sinks,
      RotationPolicies policies,
      Rotations rotations,
      OneTimeLinks links,
      String node) {}

  /**
   * A router holding every route of the API.
   *
   * @param conditions checks the conditions keys and roles are saved with
   * @param limiter counts the standalone rate limits ({@code /v1/ratelimits:check})
   * @param rateLimits where rate limits are counted now, for {@code /readyz}: {@code memory},
   *     {@code redis} or {@code fallback}
   * @param forwardAuth how {@code /v1/forward-auth} reads the key and the forwarding headers
   * @param alerts the alerts of {@code /v1/alerts} and {@code /v1/alert-rules}
   * @param webhooks the webhooks of {@code /v1/webhooks}
   * @param leakReporters who may report public leaks to {@code POST /v1/leaks}
   * @param signals where a leak report raises its alert
   * @param rotation sinks, rotation policies and rotations
   */
  public static Router router(
      Store store,
      Verifier verifier,
      Mutations mutations,
      Clock clock,
      Duration heartbeat,
      BooleanSupplier running,
      ChangeFollower follower,
      Conditions conditions,
      Limiter limiter,
      Supplier<String> rateLimits,
      ForwardAuthSettings forwardAuth,
      Alerts alerts,
      Webhooks webhooks,
      LeakReporters leakReporters,
      Signals signals,
      Rotation rotation) {
    Router router = new Router(verifier);
    router.open("GET", "/healthz", ex -> Replies.ok(Map.of("status", "ok")));
    router.open(
        "GET",
        "/readyz",
        ex -> {
          if (!store.isReachable()) {
            throw HttpProblem.unavailable("the store is unreachable");
          }
          if (!follower.isFresh()) {
            throw HttpProblem.unavailable("this node is not following the change feed");
          }
          return Replies.ok(Map.of("status", "ready", "rate_limits", rateLimits.get()));
        });
    byte[] openapi = OpenApi.bytes();
    router.open(
        "GET", "/openapi.yaml", ex -> new Reply(200, openapi, OpenApi.MEDIA_TYPE, Map.of()));
    Services services = new Services(store);
    ServiceEndpoints.register(router, services, mutations);
    ConsumerEndpoints.register(router, new Consumers(store, clock), mutations);
    Keys keys = new Keys(store, clock, conditions);
    KeyEndpoints.register(router, keys, mutations, verifier, clock, rotation.rotations());
    new ForwardAuthEndpoints(verifier, clock, forwardAuth).register(router);
    AccessReportEndpoints.register(router, new AccessReports(store, keys, clock));
    UsageEndpoints.register(
        router, new dev.latchkey.core.manage.UsageReports(store, keys, services, clock));
    RootKeys rootKeys = new RootKeys(store);
    RootKeyEndpoints.register(router, rootKeys, mutations);
    LeakEndpoints.register(
        router, new Leaks(store, mutations, keys, rootKeys, clock, signals), leakReporters);
    RoleEndpoints.register(router, new Roles(store, conditions), mutations);
    EventEndpoints.register(router, store, follower, verifier, heartbeat, running);
    RateLimitChecks standalone = new RateLimitChecks(limiter);
    router.guarded(
        "POST",
        "/v1/ratelimits:check",
        Permission.RATELIMITS_CHECK,
        ex -> Replies.ok(standalone.check(ex.principal(), ex.json(CheckRateLimit.class, null))));
    AlertEndpoints.register(router, alerts, mutations);
    WebhookEndpoints.register(router, webhooks, mutations);
    SinkEndpoints.register(router, new Sinks(store, rotation.sinks()), mutations);
    RotationEndpoints.register(
        router, rotation.policies(), rotation.rotations(), rotation.node(), keys, mutations);
    RotationEndpoints.registerLinks(router, rotation.links());
    AuditEndpoints.register(router, new AuditTrail(store));
    router.auditFailures(new FailedCallAudit(mutations));
    return router;
  }
}
