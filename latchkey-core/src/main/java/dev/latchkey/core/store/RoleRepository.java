package dev.latchkey.core.store;

import dev.latchkey.api.Role;
import java.util.Optional;

/** Roles of a workspace. Names are unique per workspace ({@link DuplicateException} "name"). */
public interface RoleRepository {
  void insert(String workspaceId, Role role);

  void update(String workspaceId, Role role);

  Optional<Role> find(String workspaceId, String id);

  /** The row, locked until the transaction ends; see {@link ServiceRepository#findForUpdate}. */
  Optional<Role> findForUpdate(String workspaceId, String id);

  Optional<Role> findByName(String workspaceId, String name);

  Slice<Role> list(String workspaceId, PageRequest page);
}
