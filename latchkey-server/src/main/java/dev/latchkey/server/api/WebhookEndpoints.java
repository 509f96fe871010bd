package dev.latchkey.server.api;

import dev.latchkey.api.CreateWebhook;
import dev.latchkey.api.RetryDelivery;
import dev.latchkey.api.RotateWebhookSecret;
import dev.latchkey.api.UpdateWebhook;
import dev.latchkey.api.Webhook;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.Webhooks;
import dev.latchkey.server.http.Router;
import java.util.Set;

/** {@code /v1/webhooks} and their deliveries. */
final class WebhookEndpoints {
  private WebhookEndpoints() {}

  static void register(Router router, Webhooks webhooks, Mutations mutations) {
    router.guarded(
        "POST",
        "/v1/webhooks",
        Permission.WEBHOOKS_WRITE,
        ex -> {
          CreateWebhook cmd = ex.json(CreateWebhook.class, null);
          return Replies.create(ex, mutations, m -> webhooks.create(m, cmd));
        });
    router.guarded(
        "GET",
        "/v1/webhooks",
        Permission.WEBHOOKS_READ,
        ex -> Replies.ok(Pages.page(webhooks.list(ex.principal(), Pages.request(ex)))));
    router.guarded(
        "GET",
        "/v1/webhooks/{id}",
        Permission.WEBHOOKS_READ,
        ex -> Replies.ok(webhooks.get(ex.principal(), ex.param("id"))));
    router.guarded(
        "PATCH",
        "/v1/webhooks/{id}",
        Permission.WEBHOOKS_WRITE,
        ex -> {
          UpdateWebhook cmd = ex.patch(UpdateWebhook.class, Set.of("description"));
          return Replies.ok(
              mutations.run(ex.caller(), m -> webhooks.update(m, ex.param("id"), cmd)));
        });
    router.guarded(
        "DELETE",
        "/v1/webhooks/{id}",
        Permission.WEBHOOKS_WRITE,
        ex -> {
          Webhook deleted = webhooks.get(ex.principal(), ex.param("id"));
          mutations.run(
              ex.caller(),
              m -> {
                webhooks.delete(m, ex.param("id"));
                return null;
              });
          return Replies.ok(deleted);
        });
    router.guarded(
        "POST",
        "/v1/webhooks/{id}:rotate-secret",
        Permission.WEBHOOKS_WRITE,
        ex -> {
          RotateWebhookSecret cmd =
              ex.json(RotateWebhookSecret.class, new RotateWebhookSecret(null));
          return Replies.ok(
              mutations.run(ex.caller(), m -> webhooks.rotateSecret(m, ex.param("id"), cmd)));
        });
    router.guarded(
        "GET",
        "/v1/webhooks/{id}/deliveries",
        Permission.WEBHOOKS_READ,
        ex ->
            Replies.ok(
                Pages.page(
                    webhooks.deliveries(
                        ex.principal(), ex.param("id"), ex.query("status"), Pages.request(ex)))));
    router.guarded(
        "POST",
        "/v1/webhooks/{id}/deliveries/{delivery}:retry",
        Permission.WEBHOOKS_WRITE,
        ex -> {
          ex.json(RetryDelivery.class, new RetryDelivery());
          return Replies.ok(
              mutations.run(
                  ex.caller(), m -> webhooks.retry(m, ex.param("id"), ex.param("delivery"))));
        });
  }
}
