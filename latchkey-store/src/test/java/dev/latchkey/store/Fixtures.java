package dev.latchkey.store;

import dev.latchkey.api.AuditEvent;
import dev.latchkey.api.Consumer;
import dev.latchkey.api.Credits;
import dev.latchkey.api.RateLimit;
import dev.latchkey.api.Service;
import dev.latchkey.core.limit.Limits;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.KeyRow;
import dev.latchkey.core.store.RootKeyRow;
import dev.latchkey.core.store.SecretRow;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Rows for store tests. Times are whole milliseconds, as the core hands them to the store. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123Z");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Fixtures() {}

  static Instant at(long millisAfterT0) {
    return T0.plusMillis(millisAfterT0);
  }

  /** Runs {@code work} in a write transaction of {@code store}. */
  static void write(Store store, java.util.function.Consumer<Tx> work) {
    store.write(
        tx -> {
          work.accept(tx);
          return null;
        });
  }

  static String workspace(Store store) {
    String id = Ids.newId("ws");
    write(store, tx -> tx.workspaces().insert(id, "workspace " + id, T0));
    return id;
  }

  static Service service(String name) {
    return new Service(Ids.newId("svc"), name, "pay", T0, T0);
  }

  static Consumer consumer(String name, String externalId) {
    return new Consumer(
        Ids.newId("con"),
        name,
        externalId,
        Map.of("tier", "gold", "limits", Map.of("rps", 10), "tags", List.of("a", "b")),
        T0,
        at(1),
        List.of(RateLimit.of("requests", 100, "PT1S"), RateLimit.of("bulk", 10, "P1D")),
        new Credits(null, Credits.Refill.monthly(5000, 31)));
  }

  /** An enabled key without expiry, never rotated or revoked. */
  static KeyRow key(String workspaceId, String serviceId, String consumerId) {
    return new KeyRow(
        Ids.newId("key"),
        workspaceId,
        serviceId,
        consumerId,
        "key name",
        Map.of("env", "prod", "n", 3),
        true,
        null,
        T0,
        T0,
        null,
        null,
        "pay_AbCd",
        null,
        null,
        null,
        null,
        List.of(),
        List.of(),
        null,
        Limits.NONE);
  }

  static KeyRow withState(KeyRow k, boolean enabled, Instant expiresAt, Instant revokedAt) {
    return new KeyRow(
        k.id(),
        k.workspaceId(),
        k.serviceId(),
        k.consumerId(),
        k.name(),
        k.meta(),
        enabled,
        expiresAt,
        k.createdAt(),
        k.updatedAt(),
        revokedAt,
        revokedAt == null ? null : "leaked",
        k.start(),
        k.rotatedAt(),
        k.previousStart(),
        k.graceEndsAt(),
        k.previousSecretLastUsedAt(),
        List.of(),
        List.of(),
        null,
        k.limits());
  }

  static KeyRow rotated(KeyRow k, Instant rotatedAt) {
    return new KeyRow(
        k.id(),
        k.workspaceId(),
        k.serviceId(),
        k.consumerId(),
        k.name(),
        k.meta(),
        k.enabled(),
        k.expiresAt(),
        k.createdAt(),
        rotatedAt,
        k.revokedAt(),
        k.revokeReason(),
        "pay_EfGh",
        rotatedAt,
        k.start(),
        rotatedAt.plusSeconds(3600),
        null,
        List.of(),
        List.of(),
        null,
        k.limits());
  }

  static RootKeyRow rootKey(String workspaceId) {
    return new RootKeyRow(
        Ids.newId("rk"),
        workspaceId,
        "ops",
        "lk_root_WxYz",
        List.of("services.read", "keys.create"),
        at(86_400_000),
        T0,
        null,
        null,
        null,
        List.of());
  }

  static Digest digest() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Digest.ofBytes(bytes);
  }

  static SecretRow secret(String workspaceId, String ownerId, Instant createdAt) {
    return new SecretRow(workspaceId, digest(), ownerId, "pay_AbCd", createdAt, null);
  }

  static AuditEvent event(String action, Instant time) {
    return new AuditEvent(
        Ids.newId("evt"),
        time,
        new AuditEvent.Actor("root_key", Ids.newId("rk")),
        action,
        new AuditEvent.Target("key", Ids.newId("key")),
        "req-1",
        "10.0.0.1",
        Map.of("fields", List.of("name", "meta"), "reason", "test"));
  }
}
