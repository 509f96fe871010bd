package dev.latchkey.server.api;

import dev.latchkey.api.KeyRotation;
import dev.latchkey.api.SetRotationPolicy;
import dev.latchkey.api.StartRotation;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.manage.Keys;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.OneTimeLinks;
import dev.latchkey.core.manage.RotationPolicies;
import dev.latchkey.core.manage.Rotations;
import dev.latchkey.core.store.RotationPolicyRow;
import dev.latchkey.server.http.Reply;
import dev.latchkey.server.http.Router;

/**
 * Rotation policies of services and keys ({@code /v1/services/{id}/rotation-policy}, {@code
 * /v1/keys/{id}/rotation-policy}) and rotations through a sink ({@code /v1/keys/{id}/rotations}). A
 * service's policy is service configuration ({@code services.write}); a key's is part of rotating
 * it ({@code keys.rotate}).
 */
final class RotationEndpoints {
  private RotationEndpoints() {}

  static void register(
      Router router,
      RotationPolicies policies,
      Rotations rotations,
      String node,
      Keys keys,
      Mutations mutations) {
    policy(
        router,
        "/v1/services/{id}/rotation-policy",
        RotationPolicyRow.SERVICE,
        policies,
        mutations);
    policy(router, "/v1/keys/{id}/rotation-policy", RotationPolicyRow.KEY, policies, mutations);
    router.guarded(
        "POST",
        "/v1/keys/{id}/rotations",
        Permission.KEYS_ROTATE,
        ex -> {
          StartRotation cmd = ex.json(StartRotation.class, new StartRotation(null, null));
          KeyRotation done = rotations.rotateNow(ex.caller(), node, ex.param("id"), cmd);
          // 202: the delivery failed; the rotation stays pending and is retried by the scheduler.
          // Cancelled: the key died (or its sink went) while the rotation started.
          if ("cancelled".equals(done.status())) {
            throw new dev.latchkey.core.manage.ConflictException("id", done.lastError());
          }
          return Reply.json("done".equals(done.status()) ? 201 : 202, Replies.encode(done));
        });
    router.guarded(
        "GET",
        "/v1/keys/{id}/rotations",
        Permission.KEYS_READ,
        ex ->
            Replies.ok(
                Pages.page(
                    rotations.history(ex.principal(), keys, ex.param("id"), Pages.request(ex)))));
  }

  /**
   * {@code POST /v1/one-time-links/{token}}: no credential, the token is one. Answers the secret
   * once, never cached; later calls get 410 (see {@link OneTimeLinks#redeem}).
   */
  static void registerLinks(Router router, OneTimeLinks links) {
    router.open(
        "POST",
        "/v1/one-time-links/{token}",
        ex -> {
          OneTimeLinks.Redeemed r = links.redeem(ex.param("token"), ex.sourceAddress());
          return new Reply(
              200,
              Replies.encode(new dev.latchkey.api.RedeemedLink(r.keyId(), r.secret())),
              "application/json",
              java.util.Map.of("Cache-Control", "no-store"));
        });
  }

  private static void policy(
      Router router,
      String template,
      String target,
      RotationPolicies policies,
      Mutations mutations) {
    boolean service = RotationPolicyRow.SERVICE.equals(target);
    Permission write = service ? Permission.SERVICES_WRITE : Permission.KEYS_ROTATE;
    Permission read = service ? Permission.SERVICES_READ : Permission.KEYS_READ;
    router.guarded(
        "PUT",
        template,
        write,
        ex -> {
          SetRotationPolicy cmd = ex.json(SetRotationPolicy.class, null);
          String id = ex.param("id");
          return Replies.ok(
              mutations.run(
                  ex.caller(),
                  m ->
                      service
                          ? policies.putForService(m, id, cmd)
                          : policies.putForKey(m, id, cmd)));
        });
    router.guarded(
        "GET",
        template,
        read,
        ex -> Replies.ok(policies.get(ex.principal(), target, ex.param("id"))));
    router.guarded(
        "DELETE",
        template,
        write,
        ex -> {
          mutations.run(
              ex.caller(),
              m -> {
                policies.delete(m, target, ex.param("id"));
                return null;
              });
          return Reply.noContent();
        });
  }
}
