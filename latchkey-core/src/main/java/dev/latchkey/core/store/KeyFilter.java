package dev.latchkey.core.store;

import dev.latchkey.api.KeyState;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Which keys to list. Empty components match everything; {@code state} is judged at {@code now}.
 *
 * @param withinServices when present, only keys of these services (a confined caller's scope)
 * @param expiringBy when present, only live keys (not revoked, not expired at {@code now}) whose
 *     expiry is after {@code now} and no later than this
 */
public record KeyFilter(
    Optional<String> serviceId,
    Optional<String> consumerId,
    Optional<KeyState> state,
    Instant now,
    Optional<Set<String>> withinServices,
    Optional<Instant> expiringBy) {

  public KeyFilter {
    withinServices = withinServices.map(Set::copyOf);
  }

  /** A filter over every service. */
  public KeyFilter(
      Optional<String> serviceId,
      Optional<String> consumerId,
      Optional<KeyState> state,
      Instant now) {
    this(serviceId, consumerId, state, now, Optional.empty(), Optional.empty());
  }

  /** This filter, narrowed to {@code services} when present. */
  public KeyFilter within(Optional<Set<String>> services) {
    return new KeyFilter(serviceId, consumerId, state, now, services, expiringBy);
  }

  /** This filter, narrowed to live keys expiring in ({@code now}, {@code until}]. */
  public KeyFilter expiringBy(Instant until) {
    return new KeyFilter(serviceId, consumerId, state, now, withinServices, Optional.of(until));
  }
}
