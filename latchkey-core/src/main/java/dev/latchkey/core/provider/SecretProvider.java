package dev.latchkey.core.provider;

/**
 * Reads the current value of references of one scheme. Implementations are thread-safe and may
 * block (network); callers resolve at start and refresh on a schedule, never on a request path.
 */
public interface SecretProvider {
  /** The scheme served, without the colon: {@code "vault"}. */
  String scheme();

  /**
   * The value {@code reference} names now.
   *
   * @throws SecretUnavailableException when it cannot be read; the message names the reference and
   *     the reason, never a value
   */
  ServerSecret fetch(SecretReference reference);
}
