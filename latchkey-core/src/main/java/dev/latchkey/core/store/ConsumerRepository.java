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

  Slice<Consumer> list(String workspaceId, PageRequest page);
}
