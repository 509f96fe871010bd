package dev.latchkey.core.store;

import java.util.Optional;

/** Root keys of a workspace. */
public interface RootKeyRepository {
  void insert(RootKeyRow rootKey);

  void update(RootKeyRow rootKey);

  Optional<RootKeyRow> find(String workspaceId, String id);

  Slice<RootKeyRow> list(String workspaceId, PageRequest page);
}
