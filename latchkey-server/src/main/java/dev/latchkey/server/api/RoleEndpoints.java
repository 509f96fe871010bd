package dev.latchkey.server.api;

import dev.latchkey.api.CreateRole;
import dev.latchkey.api.UpdateRole;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.Roles;
import dev.latchkey.server.http.Router;
import java.util.Set;

/** {@code /v1/roles}. */
final class RoleEndpoints {
  private RoleEndpoints() {}

  static void register(Router router, Roles roles, Mutations mutations) {
    router.guarded(
        "POST",
        "/v1/roles",
        Permission.ROLES_WRITE,
        ex -> {
          CreateRole cmd = ex.json(CreateRole.class, null);
          return Replies.create(ex, mutations, m -> roles.create(m, cmd));
        });
    router.guarded(
        "GET",
        "/v1/roles",
        Permission.ROLES_READ,
        ex -> Replies.ok(Pages.page(roles.list(ex.principal(), Pages.request(ex)))));
    router.guarded(
        "GET",
        "/v1/roles/{id}",
        Permission.ROLES_READ,
        ex -> Replies.ok(roles.get(ex.principal(), ex.param("id"))));
    router.guarded(
        "PATCH",
        "/v1/roles/{id}",
        Permission.ROLES_WRITE,
        ex -> {
          UpdateRole cmd = ex.patch(UpdateRole.class, Set.of("description", "condition"));
          return Replies.ok(mutations.run(ex.caller(), m -> roles.update(m, ex.param("id"), cmd)));
        });
  }
}
