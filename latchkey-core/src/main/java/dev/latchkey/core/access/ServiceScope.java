package dev.latchkey.core.access;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * The services a root key may act on: every service of its workspace, or a fixed set of service
 * ids. Immutable.
 */
public final class ServiceScope {
  private static final ServiceScope ALL = new ServiceScope(null);

  private final Set<String> serviceIds; // null: every service

  private ServiceScope(Set<String> serviceIds) {
    this.serviceIds = serviceIds;
  }

  /** Every service of the workspace, present and future. */
  public static ServiceScope all() {
    return ALL;
  }

  /** Exactly these services. */
  public static ServiceScope of(Collection<String> serviceIds) {
    return new ServiceScope(Set.copyOf(serviceIds));
  }

  /** The scope stored as a list of ids, or null for every service. */
  public static ServiceScope fromStored(Collection<String> serviceIdsOrNull) {
    return serviceIdsOrNull == null ? ALL : of(serviceIdsOrNull);
  }

  /** Whether this scope is confined to a set of services. */
  public boolean confined() {
    return serviceIds != null;
  }

  /** The service ids, when confined. */
  public Optional<Set<String>> serviceIds() {
    return Optional.ofNullable(serviceIds);
  }

  /** Whether {@code serviceId} is in scope. */
  public boolean includes(String serviceId) {
    return serviceIds == null || serviceIds.contains(serviceId);
  }

  /** Whether every service of {@code other} is in this scope. */
  public boolean covers(ServiceScope other) {
    return serviceIds == null
        || (other.serviceIds != null && serviceIds.containsAll(other.serviceIds));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceScope s && java.util.Objects.equals(serviceIds, s.serviceIds);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hashCode(serviceIds);
  }

  @Override
  public String toString() {
    return serviceIds == null ? "all services" : "services " + serviceIds;
  }
}
