package dev.latchkey.api;

import java.time.Instant;
import java.util.List;

/**
 * Body of {@code POST /v1/root-keys}: only permissions, services and key permissions the caller
 * holds can be granted.
 *
 * @param services service ids the root key is confined to; absent for every service (only a caller
 *     confined to no service may ask for that)
 * @param keyPermissions key grants it may give to keys and roles; absent for none
 */
public record CreateRootKey(
    String name,
    List<String> permissions,
    Instant expiresAt,
    List<String> services,
    List<String> keyPermissions) {

  /** A root key for every service that may give keys no permissions. */
  public static CreateRootKey of(String name, List<String> permissions) {
    return new CreateRootKey(name, permissions, null, null, null);
  }
}
