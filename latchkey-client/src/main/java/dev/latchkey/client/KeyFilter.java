package dev.latchkey.client;

import dev.latchkey.api.KeyState;
import java.util.Objects;
import java.util.Optional;

/**
 * Which keys {@link KeysApi#list} returns: by service, consumer and state, each optional. Start
 * from {@link #any()} and narrow: {@code KeyFilter.any().service("svc_1").state(KeyState.ACTIVE)}.
 * Immutable.
 */
public final class KeyFilter {
  private static final KeyFilter ANY = new KeyFilter(null, null, null);

  private final String service;
  private final String consumer;
  private final KeyState state;

  private KeyFilter(String service, String consumer, KeyState state) {
    this.service = service;
    this.consumer = consumer;
    this.state = state;
  }

  /** Every key of the workspace. */
  public static KeyFilter any() {
    return ANY;
  }

  /** Also requires the key to belong to the service with this id. */
  public KeyFilter service(String serviceId) {
    return new KeyFilter(Objects.requireNonNull(serviceId, "serviceId"), consumer, state);
  }

  /** Also requires the key to be held by the consumer with this id. */
  public KeyFilter consumer(String consumerId) {
    return new KeyFilter(service, Objects.requireNonNull(consumerId, "consumerId"), state);
  }

  /** Also requires the key to be in this state. */
  public KeyFilter state(KeyState keyState) {
    return new KeyFilter(service, consumer, Objects.requireNonNull(keyState, "keyState"));
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

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyFilter other
        && Objects.equals(service, other.service)
        && Objects.equals(consumer, other.consumer)
        && state == other.state;
  }

  @Override
  public int hashCode() {
    return Objects.hash(service, consumer, state);
  }

  @Override
  public String toString() {
    return "KeyFilter[service=" + service + ", consumer=" + consumer + ", state=" + state + "]";
  }
}
