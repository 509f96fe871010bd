package dev.latchkey.core.access;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Management permissions a root key may hold. {@link #ALL} ({@code *}) stands for every one, now
 * and added later; it can only be granted by a root key that holds it.
 */
public enum Permission {
  ALL("*"),
  SERVICES_READ("services.read"),
  SERVICES_WRITE("services.write"),
  CONSUMERS_READ("consumers.read"),
  CONSUMERS_WRITE("consumers.write"),
  KEYS_READ("keys.read"),
  KEYS_CREATE("keys.create"),
  KEYS_UPDATE("keys.update"),
  KEYS_ROTATE("keys.rotate"),
  KEYS_REVOKE("keys.revoke"),
  KEYS_VERIFY("keys.verify"),
  ROOT_KEYS_READ("root_keys.read"),
  ROOT_KEYS_WRITE("root_keys.write"),
  ROLES_READ("roles.read"),
  ROLES_WRITE("roles.write"),
  AUDIT_READ("audit.read"),
  EVENTS_READ("events.read"),
  RATELIMITS_CHECK("ratelimits.check"),
  ALERTS_READ("alerts.read"),
  ALERTS_WRITE("alerts.write"),
  WEBHOOKS_READ("webhooks.read"),
  WEBHOOKS_WRITE("webhooks.write"),
  USAGE_READ("usage.read"),
  SINKS_READ("sinks.read"),
  SINKS_WRITE("sinks.write");

  private static final Map<String, Permission> BY_NAME =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(p -> p.name, Function.identity()));

  private final String name;

  Permission(String name) {
    this.name = name;
  }

  /** The wire name, e.g. {@code keys.create}. */
  public String wireName() {
    return name;
  }

  /** The permission with this wire name. */
  public static Optional<Permission> ofWireName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  @Override
  public String toString() {
    return name;
  }
}
