package dev.latchkey.server.api;

import dev.latchkey.api.CreateService;
import dev.latchkey.api.UpdateService;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.Services;
import dev.latchkey.server.http.Router;
import java.util.Set;

/** {@code /v1/services}. */
final class ServiceEndpoints {
  private ServiceEndpoints() {}

  static void register(Router router, Services services, Mutations mutations) {
    router.guarded(
        "POST",
        "/v1/services",
        Permission.SERVICES_WRITE,
        ex -> {
          CreateService cmd = ex.json(CreateService.class, null);
          return Replies.create(ex, mutations, m -> services.create(m, cmd));
        });
    router.guarded(
        "GET",
        "/v1/services",
        Permission.SERVICES_READ,
        ex -> Replies.ok(Pages.page(services.list(ex.principal(), Pages.request(ex)))));
    router.guarded(
        "GET",
        "/v1/services/{id}",
        Permission.SERVICES_READ,
        ex -> Replies.ok(services.get(ex.principal(), ex.param("id"))));
    router.guarded(
        "PATCH",
        "/v1/services/{id}",
        Permission.SERVICES_WRITE,
        ex -> {
          UpdateService cmd = ex.patch(UpdateService.class, Set.of());
          return Replies.ok(
              mutations.run(ex.caller(), m -> services.update(m, ex.param("id"), cmd)));
        });
  }
}
