package dev.latchkey.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Response of {@code POST /v1/keys:verify}. Key fields are present when the secret is known to the
 * caller's workspace, whatever the outcome.
 *
 * @param previousSecretUsed true when the secret presented is the one a rotation is retiring
 * @param graceEndsAt when that previous secret stops verifying
 * @param missingPermissions with {@code INSUFFICIENT_PERMISSIONS}: the required permissions the key
 *     lacked
 * @param rateLimit with {@code RATE_LIMITED}, the limit that denied; otherwise the applied limit
 *     with the least remaining; absent when no rate limit applied
 * @param creditsRemaining the smallest credit balance the request was charged to (the key's or its
 *     consumer's), after the charge; absent when neither has credits
 * @param conditional whether a condition (the key's or one of its roles') was evaluated: if so, the
 *     answer depends on the request's attributes and the time, and a verifier must not reuse it for
 *     another request; absent when the secret names no key
 * @param feedPosition the {@code seq} of the last change the answering node had applied when it
 *     answered: the verdict reflects every change up to it (compare with the ids of {@code GET
 *     /v1/events}); absent when the node follows no change feed
 */
public record Verdict(
    boolean valid,
    VerifyCode code,
    String keyId,
    String service,
    String consumer,
    String name,
    Map<String, Object> meta,
    Instant expiresAt,
    Boolean previousSecretUsed,
    Instant graceEndsAt,
    List<String> missingPermissions,
    RateLimitState rateLimit,
    Long creditsRemaining,
    Boolean conditional,
    Long feedPosition) {

  /** A denial that names no key: the secret was malformed or unknown. */
  public static Verdict denied(VerifyCode code) {
    return new Verdict(
        false, code, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }
}
