package dev.latchkey.server.api;

import dev.latchkey.api.CreateRootKey;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.RootKeys;
import dev.latchkey.server.http.Router;

/** {@code /v1/root-keys}. */
final class RootKeyEndpoints {
  private RootKeyEndpoints() {}

  static void register(Router router, RootKeys rootKeys, Mutations mutations) {
    router.guarded(
        "POST",
        "/v1/root-keys",
        Permission.ROOT_KEYS_WRITE,
        ex -> {
          CreateRootKey cmd = ex.json(CreateRootKey.class, null);
          return Replies.create(ex, mutations, m -> rootKeys.create(m, cmd));
        });
    router.guarded(
        "GET",
        "/v1/root-keys",
        Permission.ROOT_KEYS_READ,
        ex -> Replies.ok(Pages.page(rootKeys.list(ex.principal(), Pages.request(ex)))));
    router.guarded(
        "GET",
        "/v1/root-keys/{id}",
        Permission.ROOT_KEYS_READ,
        ex -> Replies.ok(rootKeys.get(ex.principal(), ex.param("id"))));
    router.guarded(
        "POST",
        "/v1/root-keys/{id}:revoke",
        Permission.ROOT_KEYS_WRITE,
        ex -> {
          RevokeKey cmd = ex.json(RevokeKey.class, new RevokeKey(null));
          return Replies.ok(
              mutations.run(ex.caller(), m -> rootKeys.revoke(m, ex.param("id"), cmd)));
        });
  }
}
