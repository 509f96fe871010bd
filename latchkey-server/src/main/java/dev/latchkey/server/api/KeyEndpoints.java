package dev.latchkey.server.api;

import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreditChange;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.KeyState;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.RotateKey;
import dev.latchkey.api.UpdateKey;
import dev.latchkey.api.VerifyKey;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.expiry.ExpiryNotices;
import dev.latchkey.core.manage.Keys;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.Rotations;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.KeyFilter;
import dev.latchkey.core.verify.Check;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.server.http.Exchange;
import dev.latchkey.server.http.HttpProblem;
import dev.latchkey.server.http.Reply;
import dev.latchkey.server.http.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** {@code /v1/keys} and verification. */
final class KeyEndpoints {
  private KeyEndpoints() {}

  /**
   * @param rotations delivers a new key's first secret to the sink of its policy
   */
  static void register(
      Router router,
      Keys keys,
      Mutations mutations,
      Verifier verifier,
      Clock clock,
      Rotations rotations) {
    router.guarded(
        "POST",
        "/v1/keys",
        Permission.KEYS_CREATE,
        ex -> {
          CreateKey cmd = ex.json(CreateKey.class, null);
          AtomicReference<IssuedKey> made = new AtomicReference<>();
          Reply reply =
              Replies.create(
                  ex,
                  mutations,
                  m -> {
                    IssuedKey issued = keys.create(m, cmd);
                    made.set(issued);
                    return issued;
                  });
          // Committed (not a replay): the first secret goes to the sink of the key's policy too.
          if (made.get() != null) {
            rotations.deliverIssued(
                ex.principal().workspaceId(), made.get().data().id(), made.get().key());
          }
          return reply;
        });
    router.guarded(
        "GET",
        "/v1/keys",
        Permission.KEYS_READ,
        ex ->
            Replies.ok(
                Pages.page(keys.list(ex.principal(), filter(ex, clock), Pages.request(ex)))));
    router.guarded(
        "GET",
        "/v1/keys/{id}",
        Permission.KEYS_READ,
        ex -> Replies.ok(keys.get(ex.principal(), ex.param("id"))));
    router.guarded(
        "PATCH",
        "/v1/keys/{id}",
        Permission.KEYS_UPDATE,
        ex -> {
          UpdateKey cmd = ex.patch(UpdateKey.class, Set.of("expires_at", "condition", "credits"));
          return Replies.ok(mutations.run(ex.caller(), m -> keys.update(m, ex.param("id"), cmd)));
        });
    router.guarded(
        "POST",
        "/v1/keys/{id}:rotate",
        Permission.KEYS_ROTATE,
        ex -> {
          RotateKey cmd = ex.json(RotateKey.class, new RotateKey(null));
          return Replies.ok(mutations.run(ex.caller(), m -> keys.rotate(m, ex.param("id"), cmd)));
        });
    router.guarded(
        "POST",
        "/v1/keys/{id}:revoke",
        Permission.KEYS_REVOKE,
        ex -> {
          RevokeKey cmd = ex.json(RevokeKey.class, new RevokeKey(null));
          return Replies.ok(mutations.run(ex.caller(), m -> keys.revoke(m, ex.param("id"), cmd)));
        });
    router.guarded(
        "POST",
        "/v1/keys/{id}:credits",
        Permission.KEYS_UPDATE,
        ex -> {
          CreditChange cmd = ex.json(CreditChange.class, null);
          return Replies.idempotent(ex, mutations, 200, m -> keys.credits(m, ex.param("id"), cmd));
        });
    router.guarded(
        "POST",
        "/v1/keys:verify",
        Permission.KEYS_VERIFY,
        ex -> {
          VerifyKey cmd = ex.json(VerifyKey.class, null);
          // The caller's address is the key's last client address unless the body names the client.
          Check check =
              VerifyRequests.check(cmd, ex.principal(), verifier).from(ex.sourceAddress());
          return Replies.ok(verifier.verify(ex.principal().workspaceId(), check));
        });
  }

  private static KeyFilter filter(Exchange ex, Clock clock) {
    Optional<String> service = ex.query("service");
    Optional<String> consumer = ex.query("consumer");
    service
        .filter(s -> !Ids.isValid("svc", s))
        .ifPresent(
            s -> {
              throw HttpProblem.badRequest("service", "is not a svc_ id");
            });
    consumer
        .filter(c -> !Ids.isValid("con", c))
        .ifPresent(
            c -> {
              throw HttpProblem.badRequest("consumer", "is not a con_ id");
            });
    Optional<KeyState> state = ex.query("state").map(KeyEndpoints::state);
    Optional<Duration> within = ex.query("expiring_within").map(KeyEndpoints::expiringWithin);
    Instant now = clock.instant();
    KeyFilter filter = new KeyFilter(service, consumer, state, now);
    return within.map(d -> filter.expiringBy(now.plus(d))).orElse(filter);
  }

  /** An ISO-8601 duration in days, hours, minutes or seconds, above zero and at most P366D. */
  private static Duration expiringWithin(String text) {
    try {
      Duration d = Duration.parse(text);
      if (d.isPositive() && d.compareTo(ExpiryNotices.MAX_NOTICE) <= 0) {
        return d;
      }
    } catch (DateTimeParseException e) {
      // falls through to the same answer as an out-of-range duration
    }
    throw HttpProblem.badRequest(
        "expiring_within", "must be an ISO-8601 duration above zero and at most P366D, e.g. P7D");
  }

  private static KeyState state(String text) {
    try {
      return KeyState.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest("state", "must be one of ACTIVE, DISABLED, EXPIRED, REVOKED");
    }
  }
}
