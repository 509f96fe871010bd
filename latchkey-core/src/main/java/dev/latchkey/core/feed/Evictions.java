package dev.latchkey.core.feed;

import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.store.Change;
import dev.latchkey.core.store.SecretRow;
import dev.latchkey.core.store.Tx;
import dev.latchkey.core.verify.Verifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a set of changes makes stale in a node's verification cache: every secret of every key or
 * root key they touch (a key's own limits ride with it), service names when a service changed, the
 * roles that changed, and the consumers that changed (their limits apply to all their keys). Read
 * inside a transaction (the digests come from the store), applied after it.
 */
public record Evictions(
    List<Digest> digests, boolean serviceNames, List<RoleRef> roles, List<ConsumerRef> consumers) {

  /** A role that changed, in its workspace. */
  public record RoleRef(String workspaceId, String roleId) {}

  /** A consumer that changed, in its workspace. */
  public record ConsumerRef(String workspaceId, String consumerId) {}

  /** Nothing to evict. */
  public static final Evictions NONE = new Evictions(List.of(), false, List.of(), List.of());

  /** Whether working out the evictions of {@code changes} reads the store. */
  public static boolean needsStore(Collection<Change> changes) {
    return changes.stream().anyMatch(Evictions::readsSecrets);
  }

  private static boolean readsSecrets(Change change) {
    return change.entityType().equals("root_key")
        || (change.entityType().equals("key") && !change.kind().equals("created"));
  }

  /**
   * The evictions {@code changes} call for, read in {@code tx} (which may be null when {@link
   * #needsStore} says no read is needed).
   */
  public static Evictions of(Tx tx, Collection<Change> changes) {
    List<Digest> digests = new ArrayList<>();
    List<RoleRef> roles = new ArrayList<>();
    List<ConsumerRef> consumers = new ArrayList<>();
    boolean services = false;
    for (Change change : changes) {
      switch (change.entityType()) {
        // A key's secrets are generated in the transaction that creates it: no cache can hold them
        // before its response, so a creation needs no lookup. A root key's may have been supplied
        // (LATCHKEY_BOOTSTRAP_ROOT_KEY), and tried before.
        case "key", "root_key" -> {
          if (readsSecrets(change)) {
            addSecrets(tx, change, digests);
          }
        }
        case "service" -> services = true;
        case "role" -> roles.add(new RoleRef(change.workspaceId(), change.entityId()));
        case "consumer" -> consumers.add(new ConsumerRef(change.workspaceId(), change.entityId()));
        default -> {
          // workspaces are not part of any cached verdict
        }
      }
    }
    return new Evictions(
        List.copyOf(digests), services, List.copyOf(roles), List.copyOf(consumers));
  }

  private static void addSecrets(Tx tx, Change change, List<Digest> digests) {
    for (SecretRow secret : tx.secrets().ofOwner(change.workspaceId(), change.entityId())) {
      digests.add(secret.digest());
    }
  }

  /** Drops what these evictions name from {@code verifier}'s caches. */
  public void applyTo(Verifier verifier) {
    verifier.evict(digests);
    if (serviceNames) {
      verifier.evictServiceNames();
    }
    for (RoleRef role : roles) {
      verifier.evictRoles(role.workspaceId(), List.of(role.roleId()));
    }
    for (ConsumerRef consumer : consumers) {
      verifier.evictConsumers(consumer.workspaceId(), List.of(consumer.consumerId()));
    }
  }
}
