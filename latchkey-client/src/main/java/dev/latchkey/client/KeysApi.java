package dev.latchkey.client;

import dev.latchkey.api.AccessReport;
import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreditChange;
import dev.latchkey.api.Credits;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.Key;
import dev.latchkey.api.KeyRotation;
import dev.latchkey.api.Page;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.RotateKey;
import dev.latchkey.api.RotationPolicy;
import dev.latchkey.api.SetRotationPolicy;
import dev.latchkey.api.StartRotation;
import dev.latchkey.api.UpdateKey;
import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyKey;
import java.util.stream.Stream;

/**
 * Keys: the credentials of consumers for services ({@code /v1/keys}), and their verification.
 * Thread-safe. Every method but {@link #verify} throws a {@link LatchkeyException} when the call
 * fails; see {@link #verify} for its narrower contract.
 */
public interface KeysApi {

  /** Issues a key ({@code keys.create}). The secret in the result is shown this once. */
  IssuedKey create(CreateKey body);

  /**
   * Issues a key; a retry with the same {@code idempotencyKey} and body returns the first response
   * (with the same secret) instead of issuing a second key.
   *
   * @throws IllegalArgumentException when the key is not 1 to 255 printable ASCII characters
   * @throws ConflictException when the key was used before with a different body
   */
  IssuedKey create(CreateKey body, String idempotencyKey);

  /**
   * One page of the keys {@code filter} admits, newest first ({@code keys.read}).
   *
   * @param pageSize 1 to 100
   * @param pageToken the previous page's {@code nextPageToken()}, or {@code null} for the first
   */
  Page<Key> list(KeyFilter filter, int pageSize, String pageToken);

  /** Every key {@code filter} admits, fetching pages lazily as the stream is consumed. */
  Stream<Key> listAll(KeyFilter filter);

  /** One key ({@code keys.read}); {@link NotFoundException} when there is none. */
  Key get(String id);

  /**
   * Changes a key ({@code keys.update}): a null component is left unchanged; an empty {@code
   * expiresAt} removes the expiry, an empty {@code credits} the credit balance; {@code limits}
   * replaces the key's rate limits whole.
   */
  Key update(String id, UpdateKey body);

  /**
   * Issues a new secret for the key ({@code keys.rotate}); the old one keeps verifying for the
   * grace period of {@code body} (default one day). The new secret is shown this once.
   */
  IssuedKey rotate(String id, RotateKey body);

  /** Revokes a key at once ({@code keys.revoke}); both of its secrets stop verifying. */
  Key revoke(String id, RevokeKey body);

  /**
   * Sets or adds to the key's own credit balance ({@code keys.update}, as a change of the key):
   * {@link CreditChange#set} or {@link CreditChange#add}; the balance stays within 0 and 10^15.
   * Returns the key's credits after the change.
   *
   * @throws ConflictException when the key has no credits (give it some with {@link #update}) or is
   *     revoked
   */
  Credits credits(String id, CreditChange change);

  /**
   * As {@link #credits(String, CreditChange)}; a retry with the same {@code idempotencyKey} and
   * change returns the first answer instead of changing the balance again (an {@code add} retried
   * after a timeout adds once).
   *
   * @throws IllegalArgumentException when the key is not 1 to 255 printable ASCII characters
   * @throws ConflictException when the key was used before with a different change
   */
  Credits credits(String id, CreditChange change, String idempotencyKey);

  /**
   * The least-privilege report of a key over the last {@code days} UTC days, today included ({@code
   * keys.read}): what its grants were used for, which conditions were evaluated, and a narrower
   * grant; {@link InvalidRequestException} unless {@code days} is 1 to 90.
   */
  AccessReport accessReport(String id, int days);

  /**
   * How many verifications presented the key, by outcome, per bucket of {@code query} ({@code
   * usage.read}); {@link InvalidRequestException} naming the parameter when it is bad or the range
   * holds more than 1440 buckets. Verifications an SDK verifier answered from its cache are not
   * counted.
   */
  dev.latchkey.api.Usage usage(String id, UsageQuery query);

  /**
   * Verifies a key presented to a service ({@code keys.verify}). An invalid key is an answer, not a
   * failure: the verdict says why ({@code MALFORMED}, {@code REVOKED}, ...). Admit the request only
   * when {@link dev.latchkey.api.Verdict#valid()}.
   *
   * @param key the secret presented; it never appears in an exception
   * @throws LatchkeyException only when no verdict could be had: the server was unreachable, the
   *     root key was refused, or the server failed
   */
  Verdict verify(String key);

  /**
   * As {@link #verify(String)}, also requiring the key to belong to {@code service} (an id or a
   * name); a key of another service is {@code WRONG_SERVICE}.
   */
  Verdict verify(String key, String service);

  /**
   * As {@link #verify(String)}, with everything {@code keys:verify} takes: the service, a
   * permission query ({@code orders:read AND (payments:refund OR admin:*)}, else {@code
   * INSUFFICIENT_PERMISSIONS} listing what was missing) and the request attributes conditions see
   * (else {@code CONDITION_FAILED}).
   *
   * @throws InvalidRequestException when the query or the context is malformed (the problem names
   *     the field and, for a query, the position)
   */
  Verdict verify(VerifyKey request);

  /**
   * Sets (replaces) the key's own rotation policy, which overrides its service's ({@code
   * keys.rotate}; the root key must hold what the key holds).
   *
   * @throws InvalidRequestException naming the field that is wrong
   */
  RotationPolicy setRotationPolicy(String id, SetRotationPolicy body);

  /**
   * The key's own rotation policy ({@code keys.read}).
   *
   * @throws NotFoundException when none is set (the service's may still apply)
   */
  RotationPolicy rotationPolicy(String id);

  /**
   * Removes the key's own rotation policy ({@code keys.rotate}).
   *
   * @throws NotFoundException when none is set
   */
  void deleteRotationPolicy(String id);

  /**
   * Rotates the key now through a sink ({@code keys.rotate}), the way its policy would: the new
   * secret goes to the sink, never to the caller. Returns the rotation {@code done}, or {@code
   * pending} with {@code lastError} when the delivery failed (nothing changed; it is retried).
   *
   * @param body the sink (default: the policy's) and grace period; {@code new StartRotation(null,
   *     null)} for the policy's
   * @throws InvalidRequestException naming {@code sink} when there is no sink to deliver to
   * @throws ConflictException when a rotation of the key is pending already, or the key is revoked,
   *     disabled or expired
   */
  KeyRotation startRotation(String id, StartRotation body);

  /** One page of the key's rotations through sinks, newest first ({@code keys.read}). */
  Page<KeyRotation> rotations(String id, int pageSize, String pageToken);
}
