package dev.latchkey.core.provider;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Turns secret references ({@code vault:secret/latchkey#db_password}) into {@link ResolvedSecret}
 * handles, with the providers it was made with, one per scheme; and keeps the handles current
 * ({@link #refreshAll()}). It contains no network code: the providers do that.
 *
 * <p>Thread-safe. Resolution and refresh block while a provider reads (a network call), so they run
 * at start and on a schedule, never on a request path.
 */
public final class SecretResolver {
  private final Map<String, SecretProvider> providers;
  private final List<Handle> handles = new CopyOnWriteArrayList<>();

  private SecretResolver(Map<String, SecretProvider> providers) {
    this.providers = providers;
  }

  /**
   * A resolver with {@code providers}.
   *
   * @throws IllegalArgumentException when two serve the same scheme
   */
  public static SecretResolver of(List<SecretProvider> providers) {
    Map<String, SecretProvider> byScheme = new TreeMap<>();
    for (SecretProvider p : providers) {
      if (byScheme.putIfAbsent(p.scheme(), p) != null) {
        throw new IllegalArgumentException("two providers serve the scheme " + p.scheme());
      }
    }
    return new SecretResolver(byScheme);
  }

  /** The schemes it knows, sorted: {@code [env, file, vault]}. */
  public List<String> schemes() {
    return List.copyOf(providers.keySet());
  }

  /**
   * Whether {@code text} starts with a known scheme and a colon, so that {@link #resolve} will not
   * refuse it as a plain value.
   */
  public boolean isReference(String text) {
    int colon = text.indexOf(':');
    return colon > 0
        && providers.containsKey(
            text.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Reads the secret {@code referenceText} names, now, and keeps it for {@link #refreshAll()}.
   *
   * @param what the setting the secret is for, for messages: {@code "--database-password"}
   * @throws IllegalArgumentException when {@code referenceText} does not start with a known scheme;
   *     the message lists the known schemes and does not repeat the text (it may be a plain secret)
   * @throws SecretUnavailableException when the provider cannot read it: {@code "<what>
   *     (<reference>): <reason>"}
   */
  public ResolvedSecret resolve(String what, String referenceText) {
    if (!isReference(referenceText)) {
      throw new IllegalArgumentException(
          what + " takes a secret reference starting with one of " + knownSchemes());
    }
    SecretReference reference = SecretReference.parse(referenceText);
    SecretProvider provider = providers.get(reference.scheme());
    ServerSecret first;
    try {
      first = provider.fetch(reference);
    } catch (SecretUnavailableException e) {
      throw new SecretUnavailableException(what + " (" + reference + "): " + e.getMessage(), e);
    }
    Handle handle = new Handle(what, reference, provider, first);
    handles.add(handle);
    return handle;
  }

  /**
   * Reads every resolved secret again. A read that fails keeps the old value (and logs a warning
   * naming the reference, never a value); listeners of a handle are called only when its value
   * changed.
   *
   * @return how many values changed
   */
  public int refreshAll() {
    int changed = 0;
    for (Handle h : handles) {
      if (h.refresh()) {
        changed++;
      }
    }
    return changed;
  }

  private String knownSchemes() {
    return providers.keySet().stream().map(s -> s + ":").collect(Collectors.joining(", "));
  }
}
