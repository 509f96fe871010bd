package dev.latchkey.core.store;

import java.util.Optional;

/** Root keys of a workspace. */
public interface RootKeyRepository {
  void insert(RootKeyRow rootKey);

  void update(RootKeyRow rootKey);

  Optional<RootKeyRow> find(String workspaceId, String id);

  /**
   * The row, locked until the transaction ends, for a read-check-write: another transaction's
   * {@code findForUpdate} of the same row waits for this one and then sees what it committed. Use
   * only inside {@link Store#write}.
   */
  Optional<RootKeyRow> findForUpdate(String workspaceId, String id);

  Slice<RootKeyRow> list(String workspaceId, PageRequest page);

  /**
   * How many root keys of the workspace hold {@code *} and are neither revoked nor expired. Inside
   * {@link Store#write} it locks those rows (in id order, so two callers cannot deadlock) until the
   * transaction ends: two revocations cannot both see the other's key as still live.
   */
  long countLiveHoldingAll(String workspaceId, java.time.Instant now);
}
