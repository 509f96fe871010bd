package dev.latchkey.core.store;

import dev.latchkey.api.Service;
import java.util.Optional;

/** Services of a workspace. Names are unique per workspace ({@link DuplicateException} "name"). */
public interface ServiceRepository {
  void insert(String workspaceId, Service service);

  void update(String workspaceId, Service service);

  Optional<Service> find(String workspaceId, String id);

  /**
   * The row, locked until the transaction ends, for a read-check-write: another transaction's
   * {@code findForUpdate} of the same row waits for this one and then sees what it committed. Use
   * only inside {@link Store#write}.
   */
  Optional<Service> findForUpdate(String workspaceId, String id);

  Optional<Service> findByName(String workspaceId, String name);

  Slice<Service> list(String workspaceId, PageRequest page);

  /** Like {@link #list(String, PageRequest)}, only services among {@code ids}. */
  Slice<Service> listAmong(String workspaceId, java.util.Set<String> ids, PageRequest page);
}
