package dev.latchkey.core.provider;

import java.util.function.Consumer;

/**
 * A secret of the server's own, resolved from its reference, that stays current: {@link
 * SecretResolver#refreshAll()} fetches it again and tells the listeners when it changed.
 * Thread-safe.
 */
public interface ResolvedSecret {
  /** The value read last; never blocks. */
  ServerSecret current();

  /** Where the value comes from; not secret. */
  SecretReference reference();

  /**
   * Calls {@code listener} with the new value each time a refresh finds it changed (not on the
   * first read, nor when a refresh fails). Listeners run on the refreshing thread, one after the
   * other; one that throws is logged and does not stop the others.
   */
  void onChange(Consumer<ServerSecret> listener);
}
