package dev.latchkey.server.http;

import dev.latchkey.core.access.Permission;
import java.util.Optional;

/**
 * One operation of the API.
 *
 * @param template path with {@code {name}} parameters, possibly followed by a custom verb in the
 *     same segment: {@code /v1/keys/{id}:rotate}
 * @param permission what a root key must hold; empty for the unauthenticated endpoints
 */
public record Route(
    String method, String template, Optional<Permission> permission, Handler handler) {

  /** Handles one request that matched the route and passed authorisation. */
  @FunctionalInterface
  public interface Handler {
    Reply handle(Exchange exchange);
  }
}
