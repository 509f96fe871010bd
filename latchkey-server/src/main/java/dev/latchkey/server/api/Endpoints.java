package dev.latchkey.server.api;

import dev.latchkey.core.access.Permission;
import dev.latchkey.core.manage.AuditTrail;
import dev.latchkey.core.manage.Consumers;
import dev.latchkey.core.manage.Keys;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.RootKeys;
import dev.latchkey.core.manage.Services;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.server.http.HttpProblem;
import dev.latchkey.server.http.Reply;
import dev.latchkey.server.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;

/** The whole route table of the server. */
public final class Endpoints {
  private Endpoints() {}

  /** A router holding every route of the API. */
  public static Router router(Store store, Verifier verifier, Mutations mutations, Clock clock) {
    Router router = new Router(verifier);
    byte[] openapi = openapi();
    router.open("GET", "/healthz", ex -> Replies.ok(Map.of("status", "ok")));
    router.open(
        "GET",
        "/readyz",
        ex -> {
          if (!store.isReachable()) {
            throw new dev.latchkey.core.store.StoreException("store unreachable", null);
          }
          return Replies.ok(Map.of("status", "ready"));
        });
    router.open(
        "GET",
        "/openapi.yaml",
        ex -> {
          if (openapi.length == 0) {
            throw HttpProblem.notFound("the OpenAPI document is not in this build");
          }
          return new Reply(200, openapi, "application/yaml", Map.of());
        });
    ServiceEndpoints.register(router, new Services(store), mutations);
    ConsumerEndpoints.register(router, new Consumers(store), mutations);
    KeyEndpoints.register(router, new Keys(store, clock), mutations, verifier, clock);
    RootKeyEndpoints.register(router, new RootKeys(store), mutations);
    AuditTrail audit = new AuditTrail(store);
    router.guarded(
        "GET",
        "/v1/audit-events",
        Permission.AUDIT_READ,
        ex -> Replies.ok(Pages.page(audit.list(ex.principal(), Pages.request(ex)))));
    return router;
  }

  private static byte[] openapi() {
    try (InputStream in = Endpoints.class.getResourceAsStream("/dev/latchkey/api/openapi.yaml")) {
      return in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
