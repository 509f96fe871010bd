package dev.latchkey.server.http;

import dev.latchkey.core.access.Permission;
import java.util.Optional;

/**
 * One operation of the API.
 *
 * @param template path with {@code {name}} parameters, possibly followed by a custom verb in the
 *     same segment: {@code /v1/keys/{id}:rotate}
 * @param permission what a root key must hold; empty for the unauthenticated endpoints
 * @param credentialHeader where the root key comes: {@code Authorization} (as {@code Bearer}), or
 *     {@code X-Latchkey-Root-Key} (bare) on the gateway routes; on a signed route (no root key, no
 *     permission), the header of the signature its handler checks
 */
public record Route(
    String method,
    String template,
    Optional<Permission> permission,
    String credentialHeader,
    Handler handler) {

  /** Whether the route takes a signature its handler checks instead of a root key. */
  public boolean signed() {
    return permission.isEmpty() && !credentialHeader.equals("Authorization");
  }

  /** The header that presents {@code rootKey} to this route. */
  public java.util.Map<String, String> credential(String rootKey) {
    return credentialHeader.equals("Authorization")
        ? java.util.Map.of("Authorization", "Bearer " + rootKey)
        : java.util.Map.of(credentialHeader, rootKey);
  }

  /** Handles one request that matched the route and passed authorisation. */
  @FunctionalInterface
  public interface Handler {
    Reply handle(Exchange exchange);
  }
}
