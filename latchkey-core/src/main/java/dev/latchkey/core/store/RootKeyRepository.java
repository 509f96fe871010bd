package dev.latchkey.core.store;

import java.util.Optional;

/** Root keys of a workspace. */
public interface RootKeyRepository {
  void insert(RootKeyRow rootKey);

  void update(RootKeyRow rootKey);

  Optional<RootKeyRow> find(String workspaceId, String id);

  Slice<RootKeyRow> list(String workspaceId, PageRequest page);

  /** How many root keys of the workspace hold {@code *} and are neither revoked nor expired. */
  long countLiveHoldingAll(String workspaceId, java.time.Instant now);
}
