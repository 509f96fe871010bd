package dev.latchkey.core.store;

import java.util.Optional;

/** Keys of a workspace. */
public interface KeyRepository {
  void insert(KeyRow key);

  /** Writes every mutable column of the row with this id and workspace. */
  void update(KeyRow key);

  Optional<KeyRow> find(String workspaceId, String id);

  Slice<KeyRow> list(String workspaceId, KeyFilter filter, PageRequest page);
}
