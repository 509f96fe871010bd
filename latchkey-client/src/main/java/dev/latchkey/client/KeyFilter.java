package dev.latchkey.client;

import dev.latchkey.api.KeyState;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Which keys {@link KeysApi#list} returns: by service, consumer, state and nearness of expiry, each
 * optional. Start from {@link #any()} and narrow: {@code
 * KeyFilter.any().service("svc_1").expiringWithin(Duration.ofDays(7))}. Immutable.
 */
public final class KeyFilter {
  /** The longest {@link #expiringWithin} the server accepts. */
  public static final Duration MAX_EXPIRING_WITHIN = Duration.ofDays(366);

  private static final KeyFilter ANY = new KeyFilter(null, null, null, null);

  private final String service;
  private final String consumer;
  private final KeyState state;
  private final Duration expiringWithin;

  private KeyFilter(String service, String consumer, KeyState state, Duration expiringWithin) {
    this.service = service;
    this.consumer = consumer;
    this.state = state;
    this.expiringWithin = expiringWithin;
  }

  /** Every key of the workspace. */
  public static KeyFilter any() {
    return ANY;
  }

  /** Also requires the key to belong to the service with this id. */
  public KeyFilter service(String serviceId) {
    return new KeyFilter(
        Objects.requireNonNull(serviceId, "serviceId"), consumer, state, expiringWithin);
  }

  /** Also requires the key to be held by the consumer with this id. */
  public KeyFilter consumer(String consumerId) {
    return new KeyFilter(
        service, Objects.requireNonNull(consumerId, "consumerId"), state, expiringWithin);
  }

  /** Also requires the key to be in this state. */
  public KeyFilter state(KeyState keyState) {
    return new KeyFilter(
        service, consumer, Objects.requireNonNull(keyState, "keyState"), expiringWithin);
  }

  /**
   * Also requires the key to be live (not revoked, not expired) and to expire within {@code window}
   * from the server's now.
   *
   * @throws IllegalArgumentException unless {@code window} is above zero and at most {@link
   *     #MAX_EXPIRING_WITHIN}
   */
  public KeyFilter expiringWithin(Duration window) {
    Objects.requireNonNull(window, "window");
    if (!window.isPositive() || window.compareTo(MAX_EXPIRING_WITHIN) > 0) {
      throw new IllegalArgumentException("expiringWithin must be above zero and at most P366D");
    }
    return new KeyFilter(service, consumer, state, window);
  }

  public Optional<String> service() {
    return Optional.ofNullable(service);
  }

  public Optional<String> consumer() {
    return Optional.ofNullable(consumer);
  }

  public Optional<KeyState> state() {
    return Optional.ofNullable(state);
  }

  public Optional<Duration> expiringWithin() {
    return Optional.ofNullable(expiringWithin);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyFilter other
        && Objects.equals(service, other.service)
        && Objects.equals(consumer, other.consumer)
        && state == other.state
        && Objects.equals(expiringWithin, other.expiringWithin);
  }

  @Override
  public int hashCode() {
    return Objects.hash(service, consumer, state, expiringWithin);
  }

  @Override
  public String toString() {
    return "KeyFilter[service="
        + service
        + ", consumer="
        + consumer
        + ", state="
        + state
        + ", expiringWithin="
        + expiringWithin
        + "]";
  }
}
