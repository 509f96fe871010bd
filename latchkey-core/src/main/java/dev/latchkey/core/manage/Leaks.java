package dev.latchkey.core.manage;

import dev.latchkey.api.KeyState;
import dev.latchkey.api.LeakFindings;
import dev.latchkey.api.LeakFindings.Finding;
import dev.latchkey.api.LeakReport;
import dev.latchkey.api.ReportedToken;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.TokenLabel;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.anomaly.Signals;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.secret.Secret;
import dev.latchkey.core.store.Credential;
import dev.latchkey.core.store.KeyRow;
import dev.latchkey.core.store.RootKeyRow;
import dev.latchkey.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Answers leak reports: which of the reported secrets (by digest) open a key or root key of the
 * caller's workspace and scope, and, when asked, takes them out of use.
 *
 * <p>A digest of another workspace, or of a key outside the caller's service scope, is {@code
 * unknown}: a report reveals nothing the caller could not read anyway. Each revocation is its own
 * mutation (audited with the report's source and reason {@code leaked}), so one refused root key
 * does not undo the others. A rotated-out secret still in its grace period has its grace ended
 * instead: the leak is of the old secret, and the key's current one keeps working.
 *
 * <p>Thread-safe.
 */
public final class Leaks {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Leaks.class);

  /** The most digests one report may name (500 fit well within a request body's 64 KiB). */
  public static final int MAX_DIGESTS = 500;

  private static final String REASON = "leaked: found in ";
  private static final int MAX_SOURCE = Validation.MAX_REASON - REASON.length();

  private final Store store;
  private final Mutations mutations;
  private final Keys keys;
  private final RootKeys rootKeys;
  private final Clock clock;
  private final Signals signals;

  /**
   * @param signals where each leaked secret found live raises {@code secret_leaked}
   */
  public Leaks(
      Store store,
      Mutations mutations,
      Keys keys,
      RootKeys rootKeys,
      Clock clock,
      Signals signals) {
    this.store = store;
    this.mutations = mutations;
    this.keys = keys;
    this.rootKeys = rootKeys;
    this.clock = clock;
    this.signals = signals;
  }

  /** What each digest opens; changes nothing. */
  public LeakFindings check(Principal p, LeakReport report) {
    List<Digest> digests = validate(report).digests();
    Instant now = clock.instant();
    List<Finding> findings = new ArrayList<>();
    for (Digest d : digests) {
      findings.add(describe(p, d, lookup(p, d), now, "none", null));
    }
    return new LeakFindings(findings);
  }

  /** Revokes what each live digest opens (or ends its grace); reports what was done. */
  public LeakFindings revoke(Caller caller, LeakReport report) {
    Valid valid = validate(report);
    Principal p = caller.principal();
    List<Finding> findings = new ArrayList<>();
    for (Digest d : valid.digests()) {
      Optional<Credential> found = lookup(p, d);
      Instant now = clock.instant();
      if (found.isEmpty() || !live(found.get(), now)) {
        findings.add(describe(p, d, found, now, "none", null));
        continue;
      }
      findings.add(takeOut(caller, d, found.get(), valid.reason()));
    }
    return new LeakFindings(findings);
  }

  /**
   * Answers a public-leak report from a secret scanner that proved who it is: every token that is a
   * key or root key of any workspace is taken out of use as {@link #revoke} would, by the system in
   * that workspace (audited with {@code reporter} and the token's URL); the answer labels each
   * token and names it by digest only.
   *
   * @param reporter who reported, for the audit trail (e.g. {@code github})
   */
  public List<TokenLabel> reported(
      String reporter, List<ReportedToken> tokens, String requestId, String sourceAddress) {
    List<TokenLabel> labels = new ArrayList<>();
    for (ReportedToken t : tokens) {
      String type = t == null ? null : t.type();
      Optional<Secret> secret = t == null ? Optional.empty() : KeyFormat.parse(t.token());
      if (secret.isEmpty()) {
        String hash = t == null || t.token() == null ? null : Digest.ofText(t.token()).hex();
        labels.add(new TokenLabel(hash, type, "false_positive"));
        continue;
      }
      Digest d = secret.get().digest();
      Optional<Credential> found = store.findCredential(d);
      if (found.isPresent() && live(found.get(), clock.instant())) {
        Caller system =
            new Caller(Principal.system(found.get().workspaceId()), requestId, sourceAddress);
        String where = t.url() == null ? reporter : reporter + " at " + printable(t.url());
        takeOut(system, d, found.get(), fit(REASON + where, Validation.MAX_REASON));
      }
      labels.add(
          new TokenLabel(d.hex(), type, found.isPresent() ? "true_positive" : "false_positive"));
    }
    return labels;
  }

  /** {@code text} without control, format, private-use or unpaired surrogate characters. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .filter(
            c -> {
              int type = Character.getType(c);
              return !Character.isISOControl(c)
                  && type != Character.FORMAT
                  && type != Character.SURROGATE
                  && type != Character.UNASSIGNED
                  && type != Character.PRIVATE_USE;
            })
        .limit(Validation.MAX_REASON)
        .forEach(out::appendCodePoint);
    return out.toString();
  }

  /** {@code text} cut to at most {@code max} code points. */
  private static String fit(String text, int max) {
    return text.codePointCount(0, text.length()) <= max
        ? text
        : text.substring(0, text.offsetByCodePoints(0, max));
  }

  private Finding takeOut(Caller caller, Digest d, Credential credential, String reason) {
    Finding done = takeOutQuietly(caller, d, credential, reason);
    // Critical whatever was done: the secret was out, and whoever holds it may have used it.
    boolean root = credential instanceof Credential.OfRootKey;
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("reason", reason);
    details.put("action", done.action());
    if (done.note() != null) {
      details.put("note", done.note());
    }
    signals.raise(
        credential.workspaceId(),
        "secret_leaked",
        "critical",
        root ? "root_key" : "key",
        ownerId(credential),
        ownerId(credential),
        details,
        clock.instant());
    return done;
  }

  private Finding takeOutQuietly(Caller caller, Digest d, Credential credential, String reason) {
    Principal p = caller.principal();
    Instant retiresAt = credential.secretRetiresAt();
    try {
      if (retiresAt != null) {
        mutations.run(
            caller,
            m -> {
              m.tx().secrets().retire(m.workspaceId(), d, m.now());
              String type = credential instanceof Credential.OfKey ? "key" : "root_key";
              m.changed(type, ownerId(credential), "secret_retired", Map.of("reason", reason));
              return null;
            });
        return describe(p, d, lookup(p, d), clock.instant(), "grace_ended", null);
      }
      switch (credential) {
        case Credential.OfKey k ->
            mutations.run(caller, m -> keys.revoke(m, k.key().id(), new RevokeKey(reason)));
        case Credential.OfRootKey r -> {
          if (!p.holds(Permission.ROOT_KEYS_WRITE)) {
            return describe(
                p,
                d,
                Optional.of(credential),
                clock.instant(),
                "none",
                "revoking a root key needs root_keys.write");
          }
          mutations.run(caller, m -> rootKeys.revoke(m, r.rootKey().id(), new RevokeKey(reason)));
        }
      }
      return describe(p, d, lookup(p, d), clock.instant(), "revoked", null);
    } catch (ForbiddenException | ConflictException e) {
      return describe(p, d, Optional.of(credential), clock.instant(), "none", e.getMessage());
    } catch (RuntimeException e) {
      // One failure (the store busy, say) must not hide what was done for the other digests.
      LOG.warn("a leaked secret could not be taken out of use: {}", e.toString());
      return describe(
          p,
          d,
          Optional.of(credential),
          clock.instant(),
          "none",
          "could not be taken out of use now; report it again");
    }
  }

  /**
   * What {@code d} opens, as far as {@code p} may see: keys of its workspace and service scope;
   * root keys only for a caller confined to no service that may read root keys.
   */
  private Optional<Credential> lookup(Principal p, Digest d) {
    return store
        .findCredential(d)
        .filter(c -> c.workspaceId().equals(p.workspaceId()))
        .filter(
            c ->
                switch (c) {
                  case Credential.OfKey k -> p.inScope(k.key().serviceId());
                  case Credential.OfRootKey r ->
                      !p.services().confined()
                          && (p.holds(Permission.ROOT_KEYS_READ)
                              || p.holds(Permission.ROOT_KEYS_WRITE));
                });
  }

  /**
   * Whether the secret verifies, or could again: a disabled key can be enabled and an expired one
   * given a new expiry, so both are live; a revoked key, a secret past its grace and an expired
   * root key (which nothing renews) are not.
   */
  private static boolean live(Credential c, Instant now) {
    if (c.secretRetiresAt() != null && !now.isBefore(c.secretRetiresAt())) {
      return false;
    }
    return switch (c) {
      case Credential.OfKey k -> k.key().revokedAt() == null;
      case Credential.OfRootKey r ->
          r.rootKey().revokedAt() == null && !past(r.rootKey().expiresAt(), now);
    };
  }

  private static Finding describe(
      Principal p, Digest d, Optional<Credential> found, Instant now, String action, String note) {
    String hex = d.hex();
    if (found.isEmpty()) {
      return new Finding(hex, "unknown", null, null, null, false, action, note);
    }
    Credential c = found.get();
    boolean retired = c.secretRetiresAt() != null && !now.isBefore(c.secretRetiresAt());
    return switch (c) {
      case Credential.OfKey k -> {
        KeyRow key = k.key();
        String state = retired ? "RETIRED" : Keys.stateOf(key, now).name();
        yield new Finding(hex, "key", key.id(), key.serviceId(), state, live(c, now), action, note);
      }
      case Credential.OfRootKey r -> {
        RootKeyRow root = r.rootKey();
        String state =
            retired
                ? "RETIRED"
                : root.revokedAt() != null
                    ? KeyState.REVOKED.name()
                    : past(root.expiresAt(), now) ? KeyState.EXPIRED.name() : "ACTIVE";
        yield new Finding(hex, "root_key", root.id(), null, state, live(c, now), action, note);
      }
    };
  }

  private static String ownerId(Credential c) {
    return switch (c) {
      case Credential.OfKey k -> k.key().id();
      case Credential.OfRootKey r -> r.rootKey().id();
    };
  }

  private static boolean past(Instant deadline, Instant now) {
    return deadline != null && !now.isBefore(deadline);
  }

  private record Valid(List<Digest> digests, String reason) {}

  private static Valid validate(LeakReport report) {
    Validation v = new Validation();
    List<String> given = report == null ? null : report.digests();
    Set<Digest> digests = new LinkedHashSet<>();
    if (given == null || given.isEmpty()) {
      v.fail("digests", "is required: the SHA-256 digests (64 hex digits) of the leaked secrets");
    } else if (given.size() > MAX_DIGESTS) {
      v.fail("digests", "must name at most " + MAX_DIGESTS + " digests");
    } else {
      for (int i = 0; i < given.size(); i++) {
        String hex = given.get(i);
        if (hex == null || hex.length() != 64) {
          v.fail("digests[" + i + "]", "must be 64 hex digits");
          continue;
        }
        try {
          digests.add(Digest.ofBytes(HexFormat.of().parseHex(hex)));
        } catch (IllegalArgumentException e) {
          v.fail("digests[" + i + "]", "must be 64 hex digits");
        }
      }
    }
    String source = v.text("source", report == null ? null : report.source(), MAX_SOURCE);
    v.throwIfAny();
    return new Valid(List.copyOf(digests), source == null ? "leaked" : REASON + source);
  }
}
