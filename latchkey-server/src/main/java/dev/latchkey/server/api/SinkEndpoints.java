package dev.latchkey.server.api;

import dev.latchkey.api.CreateSink;
import dev.latchkey.api.UpdateSink;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.Sinks;
import dev.latchkey.server.http.Reply;
import dev.latchkey.server.http.Router;
import java.util.Set;

/** {@code /v1/sinks}: where rotated secrets are delivered. Credentials are never answered. */
final class SinkEndpoints {
  private SinkEndpoints() {}

  static void register(Router router, Sinks sinks, Mutations mutations) {
    router.guarded(
        "POST",
        "/v1/sinks",
        Permission.SINKS_WRITE,
        ex -> {
          CreateSink cmd = ex.json(CreateSink.class, null);
          return Replies.create(ex, mutations, m -> sinks.create(m, cmd));
        });
    router.guarded(
        "GET",
        "/v1/sinks",
        Permission.SINKS_READ,
        ex -> Replies.ok(Pages.page(sinks.list(ex.principal(), Pages.request(ex)))));
    router.guarded(
        "GET",
        "/v1/sinks/{id}",
        Permission.SINKS_READ,
        ex -> Replies.ok(sinks.get(ex.principal(), ex.param("id"))));
    router.guarded(
        "PATCH",
        "/v1/sinks/{id}",
        Permission.SINKS_WRITE,
        ex -> {
          UpdateSink cmd = ex.patch(UpdateSink.class, Set.of());
          return Replies.ok(mutations.run(ex.caller(), m -> sinks.update(m, ex.param("id"), cmd)));
        });
    router.guarded(
        "DELETE",
        "/v1/sinks/{id}",
        Permission.SINKS_WRITE,
        ex -> {
          mutations.run(
              ex.caller(),
              m -> {
                sinks.delete(m, ex.param("id"));
                return null;
              });
          return Reply.noContent();
        });
  }
}
