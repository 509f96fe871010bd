package dev.latchkey.core.store;

import dev.latchkey.api.Service;
import java.util.Optional;

/** Services of a workspace. Names are unique per workspace ({@link DuplicateException} "name"). */
public interface ServiceRepository {
  void insert(String workspaceId, Service service);

  void update(String workspaceId, Service service);

  Optional<Service> find(String workspaceId, String id);

  Optional<Service> findByName(String workspaceId, String name);

  Slice<Service> list(String workspaceId, PageRequest page);
}
