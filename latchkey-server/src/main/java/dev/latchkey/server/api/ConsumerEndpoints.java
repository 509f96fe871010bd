package dev.latchkey.server.api;

import dev.latchkey.api.CreateConsumer;
import dev.latchkey.api.CreditChange;
import dev.latchkey.api.UpdateConsumer;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.manage.Consumers;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.server.http.Router;
import java.util.Set;

/** {@code /v1/consumers}. */
final class ConsumerEndpoints {
  private ConsumerEndpoints() {}

  static void register(Router router, Consumers consumers, Mutations mutations) {
    router.guarded(
        "POST",
        "/v1/consumers",
        Permission.CONSUMERS_WRITE,
        ex -> {
          CreateConsumer cmd = ex.json(CreateConsumer.class, null);
          return Replies.create(ex, mutations, m -> consumers.create(m, cmd));
        });
    router.guarded(
        "GET",
        "/v1/consumers",
        Permission.CONSUMERS_READ,
        ex -> Replies.ok(Pages.page(consumers.list(ex.principal(), Pages.request(ex)))));
    router.guarded(
        "GET",
        "/v1/consumers/{id}",
        Permission.CONSUMERS_READ,
        ex -> Replies.ok(consumers.get(ex.principal(), ex.param("id"))));
    router.guarded(
        "PATCH",
        "/v1/consumers/{id}",
        Permission.CONSUMERS_WRITE,
        ex -> {
          UpdateConsumer cmd = ex.patch(UpdateConsumer.class, Set.of("external_id", "credits"));
          return Replies.ok(
              mutations.run(ex.caller(), m -> consumers.update(m, ex.param("id"), cmd)));
        });
    router.guarded(
        "POST",
        "/v1/consumers/{id}:credits",
        Permission.CONSUMERS_WRITE,
        ex -> {
          CreditChange cmd = ex.json(CreditChange.class, null);
          return Replies.idempotent(
              ex, mutations, 200, m -> consumers.credits(m, ex.param("id"), cmd));
        });
  }
}
