package dev.latchkey.core.provider;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A resolved secret with the provider that reads it again. Thread-safe. */
final class Handle implements ResolvedSecret {
  private static final Logger LOG = LoggerFactory.getLogger(Handle.class);

  private final String what;
  private final SecretReference reference;
  private final SecretProvider provider;
  private final List<Consumer<ServerSecret>> listeners = new CopyOnWriteArrayList<>();
  private volatile ServerSecret current;

  Handle(String what, SecretReference reference, SecretProvider provider, ServerSecret first) {
    this.what = what;
    this.reference = reference;
    this.provider = provider;
    this.current = first;
  }

  @Override
  public ServerSecret current() {
    return current;
  }

  @Override
  public SecretReference reference() {
    return reference;
  }

  @Override
  public void onChange(Consumer<ServerSecret> listener) {
    listeners.add(listener);
  }

  /**
   * Reads the value again; keeps the old one when that fails.
   *
   * @return whether the value changed
   */
  synchronized boolean refresh() {
    ServerSecret fresh;
    try {
      fresh = provider.fetch(reference);
    } catch (RuntimeException e) { // SecretUnavailableException, or a provider's bug
      LOG.warn(
          "could not refresh {} ({}); keeping the value read before: {}",
          what,
          reference,
          e.getMessage());
      return false;
    }
    if (fresh.equals(current)) {
      return false;
    }
    current = fresh;
    LOG.info("{} ({}) changed; using the new value", what, reference);
    listeners.forEach(this::tell);
    return true;
  }

  private void tell(Consumer<ServerSecret> listener) {
    try {
      listener.accept(current);
    } catch (RuntimeException e) {
      LOG.warn("a listener of {} ({}) failed: {}", what, reference, e.toString());
    }
  }

  @Override
  public String toString() {
    return "ResolvedSecret[" + what + " " + reference + "]";
  }
}
