package dev.latchkey.core.store;

import java.time.Instant;

/**
 * What a secret opens, as verification needs it: the owner's current state and the secret's own
 * retirement. Immutable, so a cache can hold it.
 */
public sealed interface Credential {
  /** When this particular secret stops verifying (rotated out), or null for a live secret. */
  Instant secretRetiresAt();

  String workspaceId();

  /** A key's secret. */
  record OfKey(KeyRow key, Instant secretRetiresAt) implements Credential {
    @Override
    public String workspaceId() {
      return key.workspaceId();
    }
  }

  /** A root key's secret. */
  record OfRootKey(RootKeyRow rootKey, Instant secretRetiresAt) implements Credential {
    @Override
    public String workspaceId() {
      return rootKey.workspaceId();
    }
  }
}
