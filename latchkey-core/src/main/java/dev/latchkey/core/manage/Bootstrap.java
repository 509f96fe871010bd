package dev.latchkey.core.manage;

import dev.latchkey.api.IssuedRootKey;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.secret.Secret;
import dev.latchkey.core.store.DuplicateException;
import dev.latchkey.core.store.Store;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * First start: on an empty store, creates the default workspace and a root key holding {@code *},
 * in one transaction with their audit events. On a store that has a workspace it does nothing.
 *
 * <p>Nodes starting together on an empty shared store race safely: the store lets exactly one
 * transaction claim the bootstrap; the others roll back and find its workspace.
 *
 * <p>The new root key is handed to {@code deliver} inside the transaction, before the commit: if
 * delivering fails (a full disk, a read-only directory), nothing is committed and the next start
 * bootstraps again. The reverse order could commit a key nobody ever saw, locking the owner out.
 */
public final class Bootstrap {
  private final Mutations mutations;
  private final Store store;

  public Bootstrap(Store store, Mutations mutations) {
    this.store = store;
    this.mutations = mutations;
  }

  /** What bootstrap did. {@code issued} is empty when the store already had a workspace. */
  public record Outcome(String workspaceId, Optional<IssuedRootKey> issued) {}

  /**
   * Bootstraps the store if it is empty.
   *
   * @param supplied a root key made by {@code latchkey keygen --root}, or empty to generate one
   * @param deliver puts the new key where its owner will find it; runs before the commit
   * @throws InvalidInputException when the supplied key is not a well-formed root key
   */
  public Outcome run(Optional<String> supplied, Consumer<IssuedRootKey> deliver) {
    Optional<Secret> secret = Optional.empty();
    if (supplied.isPresent()) {
      secret = KeyFormat.parse(supplied.get().strip()).filter(Secret::isRoot);
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
    Secret rootSecret = secret.orElseGet(KeyFormat::generateRoot);
    IssuedRootKey issued;
    try {
      issued = issue(workspaceId, rootSecret, deliver);
    } catch (DuplicateException e) {
      // Another node bootstrapped between our read and our write: theirs stands, ours is undone.
      return new Outcome(
          store.read(tx -> tx.workspaces().firstId()).orElseThrow(), Optional.empty());
    }
    return new Outcome(workspaceId, Optional.of(issued));
  }

  private IssuedRootKey issue(
      String workspaceId, Secret rootSecret, Consumer<IssuedRootKey> deliver) {
    return mutations.run(
        new Caller(Principal.system(workspaceId), "bootstrap", "local"),
        m -> {
          m.tx().workspaces().claimBootstrap(m.now());
          m.tx().workspaces().insert(workspaceId, "default", m.now());
          m.changed("workspace", workspaceId, "created", Map.of("name", "default"));
          IssuedRootKey key =
              RootKeys.issue(m, "bootstrap", RootKeys.Powers.everything(), null, rootSecret);
          deliver.accept(key);
          return key;
        });
  }
}
