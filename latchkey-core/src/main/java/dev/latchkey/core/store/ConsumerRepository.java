package dev.latchkey.core.store;

import dev.latchkey.api.Consumer;
import java.util.Optional;

/**
 * Consumers of a workspace. External ids are unique per workspace when set ({@link
 * DuplicateException} "external_id").
 */
public interface ConsumerRepository {
  void insert(String workspaceId, Consumer consumer);

  void update(String workspaceId, Consumer consumer);

  Optional<Consumer> find(String workspaceId, String id);

  /**
   * The row, locked until the transaction ends, for a read-check-write: another transaction's
   * {@code findForUpdate} of the same row waits for this one and then sees what it committed. Use
   * only inside {@link Store#write}.
   */
  Optional<Consumer> findForUpdate(String workspaceId, String id);

  Slice<Consumer> list(String workspaceId, PageRequest page);
}
