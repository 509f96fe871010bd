package dev.latchkey.server.api;

import dev.latchkey.api.LeakReport;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.manage.Leaks;
import dev.latchkey.server.http.Router;

/**
 * {@code POST /v1/leaks:check} and {@code POST /v1/leaks:revoke}: what leaked secrets (named by
 * their digests) open, and taking them out of use. {@code latchkey scan --check} and {@code
 * --revoke} call these.
 */
final class LeakEndpoints {
  private LeakEndpoints() {}

  static void register(Router router, Leaks leaks) {
    router.guarded(
        "POST",
        "/v1/leaks:check",
        Permission.KEYS_READ,
        ex -> Replies.ok(leaks.check(ex.principal(), ex.json(LeakReport.class, null))));
    router.guarded(
        "POST",
        "/v1/leaks:revoke",
        Permission.KEYS_REVOKE,
        ex -> Replies.ok(leaks.revoke(ex.caller(), ex.json(LeakReport.class, null))));
  }
}
