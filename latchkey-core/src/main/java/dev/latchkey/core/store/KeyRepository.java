package dev.latchkey.core.store;

import java.util.Optional;

/** Keys of a workspace. */
public interface KeyRepository {
  void insert(KeyRow key);

  /** Writes every mutable column of the row with this id and workspace. */
  void update(KeyRow key);

  Optional<KeyRow> find(String workspaceId, String id);

  /**
   * The row, locked until the transaction ends, for a read-check-write: another transaction's
   * {@code findForUpdate} of the same row waits for this one and then sees what it committed. Use
   * only inside {@link Store#write}.
   */
  Optional<KeyRow> findForUpdate(String workspaceId, String id);

  Slice<KeyRow> list(String workspaceId, KeyFilter filter, PageRequest page);
}
