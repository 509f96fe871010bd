package dev.latchkey.core.manage;

import dev.latchkey.api.IssuedRootKey;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.secret.Secret;
import java.util.EnumSet;
import java.util.Optional;

/**
 * First start: on an empty store, creates the default workspace and a root key holding {@code *},
 * in one transaction with their audit events. On a store that has a workspace it does nothing.
 */
public final class Bootstrap {
  private final Mutations mutations;
  private final dev.latchkey.core.store.Store store;

  public Bootstrap(dev.latchkey.core.store.Store store, Mutations mutations) {
    this.store = store;
    this.mutations = mutations;
  }

  /** What bootstrap did. {@code issued} is empty when the store already had a workspace. */
  public record Outcome(String workspaceId, Optional<IssuedRootKey> issued) {}

  /**
   * Bootstraps the store if it is empty.
   *
   * @param supplied a root key made by {@code latchkey keygen --root}, or empty to generate one
   * @throws InvalidInputException when the supplied key is not a well-formed root key
   */
  public Outcome run(Optional<String> supplied) {
    Optional<Secret> secret = Optional.empty();
    if (supplied.isPresent()) {
      secret =
          KeyFormat.parse(supplied.get().strip())
              .filter(s -> s.prefix().equals(KeyFormat.ROOT_PREFIX));
      if (secret.isEmpty()) {
        throw InvalidInputException.of(
            "LATCHKEY_BOOTSTRAP_ROOT_KEY", "is not a root key made by `latchkey keygen --root`");
      }
    }
    Optional<String> existing = store.read(tx -> tx.workspaces().firstId());
    if (existing.isPresent()) {
      return new Outcome(existing.get(), Optional.empty());
    }
    String workspaceId = Ids.newId("ws");
    Principal system = new Principal(workspaceId, null, EnumSet.of(Permission.ALL));
    Secret rootSecret = secret.orElseGet(KeyFormat::generateRoot);
    IssuedRootKey issued =
        mutations.run(
            new Caller(system, "bootstrap", "local"),
            m -> {
              m.tx().workspaces().insert(workspaceId, "default", m.now());
              m.changed("workspace", workspaceId, "created", java.util.Map.of("name", "default"));
              return RootKeys.issue(m, "bootstrap", EnumSet.of(Permission.ALL), null, rootSecret);
            });
    return new Outcome(workspaceId, Optional.of(issued));
  }
}
