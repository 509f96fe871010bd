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

  /** This key, of {@code consumer}. */
  public CreateKey withConsumer(String value) {
    return new CreateKey(
        service,
        value,
        name,
        meta,
        expiresAt,
        enabled,
        permissions,
        roles,
        condition,
        limits,
        credits);
  }

  /** This key, granted {@code value} directly. */
  public CreateKey withPermissions(List<String> value) {
    return new CreateKey(
        service, consumer, name, meta, expiresAt, enabled, value, roles, condition, limits,
        credits);
  }

  /** This key, holding the roles {@code value} (ids or names). */
  public CreateKey withRoles(List<String> value) {
    return new CreateKey(
        service,
        consumer,
        name,
        meta,
        expiresAt,
        enabled,
        permissions,
        value,
        condition,
        limits,
        credits);
  }

  /** This key, under the CEL condition {@code value}. */
  public CreateKey withCondition(String value) {
    return new CreateKey(
        service,
        consumer,
        name,
        meta,
        expiresAt,
        enabled,
        permissions,
        roles,
        value,
        limits,
        credits);
  }

  /** This key, with the rate limits {@code value}. */
  public CreateKey withLimits(List<RateLimit> value) {
    return new CreateKey(
        service,
        consumer,
        name,
        meta,
        expiresAt,
        enabled,
        permissions,
        roles,
        condition,
        value,
        credits);
  }
}
