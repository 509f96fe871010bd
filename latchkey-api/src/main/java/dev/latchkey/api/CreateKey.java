package dev.latchkey.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /v1/keys}. {@code service} and {@code consumer} are ids. A key holds no
 * permissions unless given some.
 *
 * @param permissions grants ({@code orders:read}, {@code orders:*}, {@code *}) held directly
 * @param roles roles held, by id ({@code role_…}) or name
 * @param condition a CEL expression that must hold at every verification
 * @param limits rate limits of the key, at most 16; a limit of the same name as one of its
 *     consumer's overrides the consumer's (which needs {@code consumers.write} on an unconfined
 *     root key)
 * @param credits the key's own credit balance, {@code remaining} required; null for none
 */
public record CreateKey(
    String service,
    String consumer,
    String name,
    Map<String, Object> meta,
    Instant expiresAt,
    Boolean enabled,
    List<String> permissions,
    List<String> roles,
    String condition,
    List<RateLimit> limits,
    Credits credits) {

  /** A key of {@code service} with nothing else set. */
  public static CreateKey of(String service) {
    return new CreateKey(service, null, null, null, null, null, null, null, null, null, null);
  }
}
